# syntax=docker/dockerfile:1
# Tollgate as a container: the static release binary on a distroless base, as a non-root
# user. The binary comes from a release directory (scripts/release.sh --out dist), so the
# image holds exactly the verified release bytes; nothing is compiled in the image.
#
#   scripts/release.sh --signing-key release.key --out dist
#   docker build --build-arg TOLLGATE_BINARY=dist/tollgate-0.1.0-x86_64-linux -t tollgate:0.1.0 .
#   docker run --rm -v "$PWD:/src" tollgate:0.1.0 scan /src
#
# The base is pinned by digest (gcr.io/distroless/static-debian12, tag nonroot): CA
# certificates and /etc/passwd with the nonroot user (65532), no shell, no package manager.
# Re-pin deliberately: `docker buildx imagetools inspect gcr.io/distroless/static-debian12:nonroot`.
# The image has no git: work-tree scans only (--git-history, --new-since and --staged need git;
# run the binary on the CI runner for those).
FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639

ARG TOLLGATE_BINARY=dist/tollgate-linux
COPY --chmod=0755 ${TOLLGATE_BINARY} /usr/local/bin/tollgate

USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/tollgate"]
CMD ["scan", ".", "--no-progress"]
