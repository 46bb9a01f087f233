#!/usr/bin/env python3
"""Run a CI template's shell the way its platform would, here, for the tests.

    run_template.py gitlab|azure|jenkins TEMPLATE PROJECT_DIR WORK_DIR [NAME=VALUE ...]

NAME=VALUE pairs are what the platform's settings would give: GitLab CI/CD variables
(overriding the file's), Azure template parameters, Jenkins environment entries. Prints one
JSON object: the job's exit code, the steps that ran, and what the publishing steps were
given (files that must exist). Only the shell is run; what only the platform does
(GitLab's report parsing, Azure tasks, Jenkins steps) is recorded, not emulated.
"""

import json
import os
import re
import subprocess
import sys

import yaml


def sh(script, env, cwd, errexit=True):
    # The job's own output goes to stderr: stdout carries only the result.
    args = ["sh", "-e", "-c", script] if errexit else ["sh", "-c", script]
    return subprocess.run(args, env=env, cwd=cwd, stdout=sys.stderr).returncode


def gitlab(template, project, work, given):
    doc = yaml.safe_load(open(template))
    job = doc["tollgate"]
    env = dict(os.environ, CI_PROJECT_DIR=project, CI_DEFAULT_BRANCH="main", TMPDIR=work)
    env.update(given)
    lines = []
    for scope in (doc.get("variables", {}), job.get("variables", {})):
        for k, v in scope.items():
            if k not in given:
                # The runner expands variables in variables; the shell does the same here.
                lines.append(f'export {k}="{v}"')
    lines += job.get("before_script", []) + job["script"]
    code = sh("\n".join(lines), env, project)
    reports = job["artifacts"]["reports"]
    return {"exit": code, "reports": {k: os.path.join(project, v) for k, v in reports.items()}}


def azure(template, project, work, given):
    doc = yaml.safe_load(open(template))
    params = {p["name"]: p.get("default", "") for p in doc.get("parameters", [])}
    params.update(given)
    variables = {
        "Agent.TempDirectory": os.path.join(work, "agent-temp"),
        "Build.ArtifactStagingDirectory": os.path.join(work, "staging"),
    }
    os.makedirs(variables["Agent.TempDirectory"], exist_ok=True)

    def expand(text):
        text = re.sub(r"\$\{\{\s*parameters\.(\w+)\s*\}\}", lambda m: str(params[m.group(1)]), text)
        return re.sub(r"\$\(([\w.]+)\)", lambda m: variables.get(m.group(1), m.group(0)), text)

    failed = False
    ran, published = [], []
    for step in doc["steps"]:
        if step.get("condition") != "always()" and failed:
            continue
        ran.append(step.get("displayName", step.get("task", "")))
        if "bash" in step:
            env = dict(os.environ)
            for k, v in variables.items():
                env[k.upper().replace(".", "_")] = v
            for k, v in step.get("env", {}).items():
                env[k] = expand(str(v))
            out = subprocess.run(
                ["bash", "-c", expand(step["bash"])], env=env, cwd=project,
                stdout=subprocess.PIPE, text=True,
            )
            sys.stderr.write(out.stdout)
            for m in re.finditer(r"##vso\[task\.setvariable variable=(\w+)\](.*)", out.stdout):
                variables[m.group(1)] = m.group(2).strip()
            failed = failed or out.returncode != 0
        else:
            inputs = {k: expand(str(v)) for k, v in step.get("inputs", {}).items()}
            path = inputs.get("testResultsFiles") or inputs.get("PathtoPublish")
            published.append({"task": step["task"], "path": path, "exists": os.path.exists(path),
                              "artifact": inputs.get("ArtifactName")})
    return {"exit": 1 if failed else 0, "ran": ran, "published": published}


def jenkins(template, project, work, given):
    text = open(template).read()
    env = dict(os.environ, WORKSPACE=project, WORKSPACE_TMP=os.path.join(work, "ws-tmp"))
    for k, v in re.findall(r"^\s*(TOLLGATE_\w+) = '([^']*)'", text, re.M):
        env[k] = v
    env.update(given)
    env.setdefault("TOLLGATE_NEW_SINCE", "")
    blocks = re.findall(r"'''(.*?)'''", text, re.S)
    install, scan = blocks[0], blocks[1]
    # Groovy joins lines ending in a backslash inside ''' strings; the shell does too.
    if sh(install, env, project) != 0:
        return {"exit": 1, "stage": "install"}
    code = sh(scan, env, project, errexit=False)
    return {"exit": code, "stage": "scan",
            "junit": os.path.join(project, "tollgate-junit.xml"),
            "sarif": os.path.join(project, "tollgate.sarif")}


def main():
    platform, template, project, work = sys.argv[1:5]
    given = dict(a.split("=", 1) for a in sys.argv[5:])
    run = {"gitlab": gitlab, "azure": azure, "jenkins": jenkins}[platform]
    print(json.dumps(run(template, project, work, given)))


if __name__ == "__main__":
    main()
