"""Java cases: Jakarta Servlets and Spring MVC controllers."""
import re

from suite_common import (ALLOWED, AROUND, COLD, FLOW, INPUT, LOOKUP, PINGED, SQL_PARAM,
                          SQL_UPDATE, TRANSFORMS, Code, flow_picks, indent, lit, pieces)

SOURCES = ["servlet:param", "servlet:header", "servlet:cookie", "servlet:values",
           "servlet:reader", "servlet:parammap", "spring:param", "spring:path",
           "spring:header", "spring:cookie", "spring:body"]
PROPS = ["direct", "helper", "list", "map", "field", "ternary", "loop", "array"]

SQLI = ["stmt_query", "stmt_execute", "stmt_update", "jdbc_list", "jdbc_query", "jdbc_update",
        "em_native", "em_jpql"]
SPRING_ONLY = {"jdbc_list", "jdbc_query", "jdbc_update", "resttemplate"}
CMDI = ["rt_exec", "pb_start", "pb_command", "rt_exec_dir"]
PATH = ["file_stream", "files_read", "file_reader", "files_write"]
XSS = ["writer_print", "writer_write", "writer_format", "stream_write", "printwriter"]
SSRF = ["url_stream", "url_conn", "httpclient", "resttemplate"]
REDIRECT = ["send_redirect", "location", "add_header"]
DESER = {"ois": "filter", "xmldecoder": "json", "jackson": "json"}
DESER_COLD = {"ois": "rO0ABXQABGRhcms=",
              "xmldecoder": '<java><string>dark</string></java>',
              "jackson": '{"theme":"dark"}'}
# (variable, weak lines, strong lines) for tokens people must not guess.
WEAKRAND = {
    "otp": ("otp", ["Random rng = new Random();",
                    "String otp = String.format(\"%06d\", rng.nextInt(1000000));"],
            ["SecureRandom rng = new SecureRandom();",
             "String otp = String.format(\"%06d\", rng.nextInt(1000000));"]),
    "bytes": ("token", ["byte[] buf = new byte[24];", "new Random().nextBytes(buf);",
                        "String token = Base64.getUrlEncoder().withoutPadding().encodeToString(buf);"],
              ["byte[] buf = new byte[24];", "new SecureRandom().nextBytes(buf);",
               "String token = Base64.getUrlEncoder().withoutPadding().encodeToString(buf);"]),
    "math": ("resetCode",
             ["String resetCode = Long.toString((long) (Math.random() * 1_000_000_000_000L), 36);"],
             ["String resetCode = Long.toString((long) (new SecureRandom().nextDouble()"
              " * 1_000_000_000_000L), 36);"]),
    "tlr": ("sessionId", ["String sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong());"],
            ["String sessionId = Long.toHexString(new SecureRandom().nextLong());"]),
    "seeded": ("nonce", ["String nonce = Long.toHexString(new Random(System.nanoTime()).nextLong());"],
               ["String nonce = UUID.randomUUID().toString();"]),
    "strong": ("pin", ["Random rng = new Random();", "int pin = 1000 + rng.nextInt(9000);"],
               ["SecureRandom rng = SecureRandom.getInstanceStrong();",
                "int pin = 1000 + rng.nextInt(9000);"]),
}
# Hash sinks: (weak, strong); the MessageDigest ones take the algorithm as a string.
HASH = {"md5": ("MD5", "SHA-256"), "sha1": ("SHA-1", "SHA-512"), "sha1b": ("SHA1", "SHA3-256"),
        "du_md5": ("md5Hex", "sha256Hex"), "du_sha1": ("sha1Hex", "sha512Hex")}
# Cipher sinks: (key algorithm, transformation) weak and strong.
CRYPTO = {"des": (("DES", "DES/CBC/PKCS5Padding"), ("AES", "AES/GCM/NoPadding")),
          "3des": (("DESede", "DESede/CBC/PKCS5Padding"), ("AES", "AES/GCM/NoPadding")),
          "blowfish": (("Blowfish", "Blowfish/CBC/PKCS5Padding"), ("AES", "AES/GCM/NoPadding")),
          "rc4": (("RC4", "RC4"), ("ChaCha20", "ChaCha20-Poly1305")),
          "aes_ecb": (("AES", "AES/ECB/PKCS5Padding"), ("AES", "AES/GCM/NoPadding")),
          "aes_default": (("AES", "AES"), ("AES", "AES/GCM/NoPadding"))}


def used_imports(code, text):
    """The import lines of the classes the text names, sorted, and a blank line."""
    names = [i for i in sorted(code.imports) if re.search(r"\b%s\b" % i.rsplit(".", 1)[1], text)]
    return [f"import {i};" for i in names] + ([""] if names else [])


class Java:
    name = "java"

    def case_id(self, n):
        return f"CaseJava{n:04d}"

    def options(self, cat):
        builds = ["concat", "format", "builder", "join"]
        if cat in ("ssrf", "redirect"):
            builds = ["direct", "concat", "format", "builder"]
        table = {
            "sqli": (SQLI, FLOW + ["param", "intcast", "param", "allowlist"]),
            "cmdi": (CMDI, FLOW + ["argv", "intcast", "allowlist"]),
            "pathtraver": (PATH, FLOW + ["confine", "basename", "allowlist", "intcast"]),
            "xss": (XSS, FLOW + ["escape", "escape2", "escape3", "intcast", "allowlist"]),
            "ssrf": (SSRF, FLOW + ["lookup", "allowlist", "intcast"]),
            "redirect": (REDIRECT, FLOW + ["lookup", "allowlist", "intcast"]),
            "deserialization": (list(DESER), FLOW + ["filter", "json"]),
            "weakrand": (list(WEAKRAND), ["api"]),
            "hash": (list(HASH), FLOW + ["api"]),
            "crypto": (list(CRYPTO), FLOW + ["api"]),
        }
        sinks, reasons = table[cat]
        return {"sources": SOURCES, "props": PROPS, "sinks": sinks, "reasons": reasons,
                "builds": builds}

    def supports(self, cat, sink, reason, fw):
        if sink in SPRING_ONLY and fw != "spring":
            return False
        if cat == "deserialization" and reason not in FLOW:
            return DESER[sink] == reason
        if cat == "hash" and reason in FLOW:
            return not sink.startswith("du_")
        return True

    def two_file_ok(self, cat, reason):
        return cat not in ("weakrand", "hash", "crypto") and (reason in FLOW or reason in TRANSFORMS)

    # -- pieces -------------------------------------------------------------------------

    def source(self, src, cat):
        """(handler parameter or None, lines defining `raw`)."""
        fw, kind = src.split(":")
        name = INPUT[cat]
        if fw == "spring":
            ann = {"param": f'@RequestParam("{name}") String raw',
                   "path": f'@PathVariable("{name}") String raw',
                   "header": '@RequestHeader("X-Client-Ref") String raw',
                   "cookie": f'@CookieValue("{name}") String raw',
                   "body": "@RequestBody String raw"}[kind]
            return ann, []
        lines = {
            "param": [f'String raw = request.getParameter("{name}");'],
            "header": ['String raw = request.getHeader("X-Client-Ref");'],
            "cookie": ['String raw = "";', "Cookie[] cookies = request.getCookies();",
                       "if (cookies != null) {", "    for (Cookie c : cookies) {",
                       f'        if ("{name}".equals(c.getName())) {{',
                       "            raw = c.getValue();", "        }", "    }", "}"],
            "values": [f'String[] values = request.getParameterValues("{name}");',
                       'String raw = values != null && values.length > 0 ? values[0] : "";'],
            "reader": ["String raw = request.getReader().readLine();"],
            "parammap": ["Map<String, String[]> params = request.getParameterMap();",
                         f'String raw = params.containsKey("{name}") ? params.get("{name}")[0] : "";'],
        }[kind]
        return None, lines

    def prop(self, kind, code):
        if kind == "direct":
            return ["String val = raw;"]
        if kind == "helper":
            code.member("tidy", ["private static String tidy(String s) {",
                                 '    return s == null ? "" : s.trim();', "}"])
            return ["String val = tidy(raw);"]
        if kind == "list":
            code.imp("java.util.ArrayList", "java.util.List")
            return ["List<String> parts = new ArrayList<>();", "parts.add(raw);",
                    "String val = parts.get(0);"]
        if kind == "map":
            code.imp("java.util.HashMap", "java.util.Map")
            return ["Map<String, String> fields = new HashMap<>();", 'fields.put("entry", raw);',
                    'String val = fields.get("entry");']
        if kind == "field":
            code.member("holder", ["private static final class Holder {",
                                   "    private final String text;", "",
                                   "    Holder(String text) {", "        this.text = text;",
                                   "    }", "}"])
            return ["Holder holder = new Holder(raw);", "String val = holder.text;"]
        if kind == "ternary":
            return ['String val = raw == null || raw.isEmpty() ? "none" : raw;']
        if kind == "loop":
            return ["StringBuilder acc = new StringBuilder();",
                    'for (String piece : raw.split(",")) {', "    acc.append(piece.trim());", "}",
                    "String val = acc.toString();"]
        if kind == "array":
            return ['String[] slots = {"first", raw};', "String val = slots[1];"]
        raise ValueError(kind)

    def flow(self, reason, index, tainted, hot, cold, cold2, out, code):
        p = flow_picks(reason, index, tainted, hot, cold, cold2)
        if reason in ("constif", "constif_false"):
            return ["int num = 86;", f"String {out};", f"if ({p['cond']}) {{",
                    f"    {out} = {p['then']};", "} else {", f"    {out} = {p['else']};", "}"]
        if reason == "constternary":
            return ["int num = 86;", f"String {out} = ({p['cond']}) ? {p['then']} : {p['else']};"]
        if reason == "switch":
            return ['char pick = "ABC".charAt(1);', f"String {out};", "switch (pick) {",
                    f"    case 'A':", f"        {out} = {p['c1']};", "        break;",
                    "    case 'B':", f"        {out} = {p['c2']};", "        break;",
                    "    default:", f"        {out} = {p['c3']};", "}"]
        if reason == "listremove":
            code.imp("java.util.ArrayList", "java.util.List")
            return ["List<String> items = new ArrayList<>();", f"items.add({cold});",
                    f"items.add({hot});", f"items.add({cold2});", "items.remove(0);",
                    f"String {out} = items.get({p['idx']});"]
        if reason == "mapkey":
            code.imp("java.util.HashMap", "java.util.Map")
            return ["Map<String, String> slots = new HashMap<>();", f'slots.put("first", {cold});',
                    f'slots.put("second", {hot});', f'String {out} = slots.get("{p["key"]}");']
        if reason == "overwrite":
            return [f"String {out} = {p['first']};", f"{out} = {p['last']};"]
        raise ValueError(reason)

    def transform(self, reason, cat, safe, fw, code):
        if reason == "intcast":
            return ["val = String.valueOf(Integer.parseInt(val.trim()));" if safe
                    else "val = String.valueOf(val.trim());"]
        if reason == "allowlist":
            code.imp("java.util.Set")
            code.member("allowed", ["private static final Set<String> ALLOWED = Set.of("
                                    + ", ".join(lit(x) for x in ALLOWED[cat]) + ");"])
            first = lit(ALLOWED[cat][0])
            return [f"val = ALLOWED.contains(val) ? val : {first};" if safe
                    else f"val = val.isEmpty() ? {first} : val;"]
        if reason == "lookup":
            code.imp("java.util.Map")
            entries = ", ".join(f"{lit(k)}, {lit(v)}" for k, v in LOOKUP[cat].items())
            code.member("lookup", [f"private static final Map<String, String> TARGETS = Map.of({entries});"])
            first = lit(next(iter(LOOKUP[cat].values())))
            return [f"val = TARGETS.getOrDefault(val, {first});" if safe
                    else "val = TARGETS.getOrDefault(val, val);"]
        if reason.startswith("escape"):
            if not safe:
                return ["val = val.strip();"]
            if reason == "escape":
                code.imp("org.owasp.esapi.ESAPI")
                return ["val = ESAPI.encoder().encodeForHTML(val);"]
            if reason == "escape2":
                code.imp("org.apache.commons.text.StringEscapeUtils")
                return ["val = StringEscapeUtils.escapeHtml4(val);"]
            if fw == "spring":
                code.imp("org.springframework.web.util.HtmlUtils")
                return ["val = HtmlUtils.htmlEscape(val);"]
            code.imp("org.owasp.encoder.Encode")
            return ["val = Encode.forHtml(val);"]
        if reason == "basename":
            code.imp("java.io.File")
            return ["val = new File(val).getName();" if safe else "val = new File(val).getPath();"]
        if reason == "confine":
            code.imp("java.nio.file.Path", "java.nio.file.Paths")
            resolved = "base.resolve(val).normalize()" if safe else "base.resolve(val)"
            return ['Path base = Paths.get("/srv/app/uploads");', f"Path resolved = {resolved};",
                    "if (!resolved.startsWith(base)) {",
                    '    throw new IllegalArgumentException("outside the upload folder");', "}"]
        raise ValueError(reason)

    def build(self, kind, pre, suf, out):
        if kind == "direct":
            return [f"String {out} = val;"]
        if kind == "concat":
            parts = [lit(pre)] if pre else []
            parts.append("val")
            if suf:
                parts.append(lit(suf))
            return [f"String {out} = {' + '.join(parts)};"]
        if kind == "format":
            return [f"String {out} = String.format({lit(pre + '%s' + suf)}, val);"]
        if kind == "builder":
            chain = "".join(f".append({x})" for x in ([lit(pre)] if pre else []) + ["val"]
                            + ([lit(suf)] if suf else []))
            return ["StringBuilder sb = new StringBuilder();", f"sb{chain};",
                    f"String {out} = sb.toString();"]
        if kind == "join":
            return [f'String {out} = String.join("", {", ".join(pieces(pre, suf))});']
        raise ValueError(kind)

    def sink(self, cat, sink, build, safe_form, code):
        """Lines that use `val`; safe_form is the sink-specific safe reason or None."""
        w = "response.getWriter()"
        if cat == "sqli":
            code.imp("java.util.List")
            if sink.startswith("stmt") or sink.startswith("em"):
                code.imp("jakarta.annotation.Resource", "javax.sql.DataSource")
            if sink.startswith("jdbc"):
                code.imp("org.springframework.beans.factory.annotation.Autowired",
                         "org.springframework.jdbc.core.JdbcTemplate")
                code.member("jdbc", ["@Autowired", "private JdbcTemplate jdbcTemplate;"])
            if sink.startswith("stmt"):
                code.member("ds", ['@Resource(name = "jdbc/app")', "private DataSource dataSource;"])
                code.imp("java.sql.Connection", "java.sql.ResultSet")
                update = sink != "stmt_query"
                pre, suf = SQL_UPDATE if update else AROUND["sqli"]
                run = {"stmt_query": "ResultSet rs = st.executeQuery({q});",
                       "stmt_execute": "boolean rs = st.execute({q});",
                       "stmt_update": "int rs = st.executeUpdate({q});"}[sink]
                tail = (["int rows = 0;", "while (rs.next()) {", "    rows++;", "}",
                         f"{w}.println(rows);"] if not update else [f"{w}.println(rs);"])
                if safe_form:
                    code.imp("java.sql.PreparedStatement")
                    return (["try (Connection conn = dataSource.getConnection();",
                             f"        PreparedStatement st = conn.prepareStatement("
                             f"{lit(pre.rstrip(chr(39)) + '?')})) {{",
                             "    st.setString(1, val);", "    " + run.format(q="")]
                            + indent(tail, 1) + ["}"])
                code.imp("java.sql.Statement")
                return (self.build(build, pre, suf, "query")
                        + ["try (Connection conn = dataSource.getConnection();",
                           "        Statement st = conn.createStatement()) {",
                           "    " + run.format(q="query")] + indent(tail, 1) + ["}"])
            if sink in ("jdbc_list", "jdbc_query", "jdbc_update"):
                update = sink == "jdbc_update"
                pre, suf = SQL_UPDATE if update else AROUND["sqli"]
                q = lit(pre.rstrip("'") + "?")
                if sink == "jdbc_list":
                    code.imp("java.util.Map")
                    call = (f"jdbcTemplate.queryForList({q}, val)" if safe_form
                            else "jdbcTemplate.queryForList(query)")
                    head = [f"List<Map<String, Object>> rows = {call};", f"{w}.println(rows.size());"]
                elif sink == "jdbc_query":
                    call = (f'jdbcTemplate.query({q}, (rs, n) -> rs.getString("email"), val)'
                            if safe_form else 'jdbcTemplate.query(query, (rs, n) -> rs.getString("email"))')
                    head = [f"List<String> emails = {call};", f"{w}.println(emails.size());"]
                else:
                    call = f"jdbcTemplate.update({q}, val)" if safe_form else "jdbcTemplate.update(query)"
                    head = [f"int changed = {call};", f"{w}.println(changed);"]
                return head if safe_form else self.build(build, pre, suf, "query") + head
            code.imp("jakarta.persistence.EntityManager", "jakarta.persistence.PersistenceContext")
            code.member("em", ["@PersistenceContext", "private EntityManager entityManager;"])
            if sink == "em_native":
                if safe_form:
                    return [f"List<?> rows = entityManager.createNativeQuery({lit(SQL_PARAM + '?1')})",
                            "        .setParameter(1, val)", "        .getResultList();",
                            f"{w}.println(rows.size());"]
                return self.build(build, *AROUND["sqli"], "query") + [
                    "List<?> rows = entityManager.createNativeQuery(query).getResultList();",
                    f"{w}.println(rows.size());"]
            jpql = "SELECT a FROM Account a WHERE a.username = "
            if safe_form:
                return [f"List<?> rows = entityManager.createQuery({lit(jpql + ':name')})",
                        '        .setParameter("name", val)', "        .getResultList();",
                        f"{w}.println(rows.size());"]
            return self.build(build, jpql + "'", "'", "query") + [
                "List<?> rows = entityManager.createQuery(query).getResultList();",
                f"{w}.println(rows.size());"]
        if cat == "cmdi":
            argv = ", ".join(lit(x) for x in PINGED) + ", val"
            lines = [] if safe_form else self.build(build, *AROUND["cmdi"], "command")
            shell = {"rt_exec": '"sh", "-c", command', "pb_start": '"sh", "-c", command',
                     "pb_command": '"bash", "-c", command', "rt_exec_dir": '"/bin/sh", "-c", command'}[sink]
            args = argv if safe_form else shell
            if sink == "rt_exec":
                lines += [f"Process proc = Runtime.getRuntime().exec(new String[] {{{args}}});"]
            elif sink == "rt_exec_dir":
                code.imp("java.io.File")
                lines += [f"Process proc = Runtime.getRuntime().exec(new String[] {{{args}}}, null,"
                          ' new File("/tmp"));']
            elif sink == "pb_start":
                lines += [f"Process proc = new ProcessBuilder({args}).start();"]
            else:
                lines += ["ProcessBuilder builder = new ProcessBuilder();",
                          f"builder.command({args});", "builder.redirectErrorStream(true);",
                          "Process proc = builder.start();"]
            return lines + [f"{w}.println(proc.waitFor());"]
        if cat == "pathtraver":
            lines = self.build(build, *AROUND["pathtraver"], "location")
            if sink == "file_stream":
                code.imp("java.io.File", "java.io.FileInputStream")
                return lines + ["File target = new File(location);",
                                "try (FileInputStream in = new FileInputStream(target)) {",
                                f"    {w}.println(in.readAllBytes().length);", "}"]
            if sink == "files_read":
                code.imp("java.nio.file.Files", "java.nio.file.Paths")
                return lines + ["byte[] data = Files.readAllBytes(Paths.get(location));",
                                f"{w}.println(data.length);"]
            if sink == "file_reader":
                code.imp("java.io.BufferedReader", "java.io.FileReader")
                return lines + ["try (BufferedReader rd = new BufferedReader(new FileReader(location))) {",
                                f"    {w}.println(rd.lines().count());", "}"]
            code.imp("java.nio.file.Files", "java.nio.file.Path")
            return lines + ['Files.writeString(Path.of(location), "uploaded");', f'{w}.println("stored");']
        if cat == "xss":
            head = ['response.setContentType("text/html;charset=UTF-8");']
            if sink == "writer_format":
                return head + [f"{w}.format({lit(AROUND['xss'][0] + '%s' + AROUND['xss'][1])}, val);"]
            lines = head + self.build(build, *AROUND["xss"], "page")
            if sink == "writer_print":
                return lines + [f"{w}.print(page);"]
            if sink == "writer_write":
                return lines + [f"{w}.write(page);"]
            if sink == "stream_write":
                code.imp("java.nio.charset.StandardCharsets")
                return lines + ["response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));"]
            code.imp("java.io.PrintWriter")
            return lines + [f"PrintWriter out = {w};", "out.println(page);", "out.flush();"]
        if cat == "ssrf":
            lines = self.build(build, *AROUND["ssrf"], "address")
            if sink == "url_stream":
                code.imp("java.io.InputStream", "java.net.URL")
                return lines + ["try (InputStream in = new URL(address).openStream()) {",
                                f"    {w}.println(in.readAllBytes().length);", "}"]
            if sink == "url_conn":
                code.imp("java.net.HttpURLConnection", "java.net.URL")
                return lines + ["HttpURLConnection conn = (HttpURLConnection) new URL(address).openConnection();",
                                f"{w}.println(conn.getResponseCode());"]
            if sink == "httpclient":
                code.imp("java.net.URI", "java.net.http.HttpClient", "java.net.http.HttpRequest",
                         "java.net.http.HttpResponse")
                return lines + ["HttpRequest req = HttpRequest.newBuilder(URI.create(address)).GET().build();",
                                "HttpResponse<String> res = HttpClient.newHttpClient()",
                                "        .send(req, HttpResponse.BodyHandlers.ofString());",
                                f"{w}.println(res.statusCode());"]
            code.imp("org.springframework.web.client.RestTemplate")
            return lines + ["String body = new RestTemplate().getForObject(address, String.class);",
                            f"{w}.println(body == null ? 0 : body.length());"]
        if cat == "redirect":
            lines = self.build(build, *AROUND["redirect"], "target")
            if sink == "send_redirect":
                return lines + ["response.sendRedirect(target);"]
            if sink == "location":
                return lines + ["response.setStatus(HttpServletResponse.SC_FOUND);",
                                'response.setHeader("Location", target);']
            return lines + ["response.setStatus(303);", 'response.addHeader("Location", target);']
        if cat == "deserialization":
            if sink == "ois":
                code.imp("java.io.ByteArrayInputStream", "java.io.ObjectInputStream", "java.util.Base64")
                lines = ["byte[] data = Base64.getDecoder().decode(val);",
                         "try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {"]
                if safe_form:
                    code.imp("java.io.ObjectInputFilter")
                    lines += ["    in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(",
                              '            "java.lang.String;java.lang.Number;!*"));']
                return lines + ["    Object state = in.readObject();",
                                f"    {w}.println(state.getClass().getSimpleName());", "}"]
            if sink == "xmldecoder":
                if safe_form:
                    code.imp("com.fasterxml.jackson.databind.ObjectMapper", "java.util.Map")
                    return ["Map<?, ?> state = new ObjectMapper().readValue(val, Map.class);",
                            f"{w}.println(state.size());"]
                code.imp("java.beans.XMLDecoder", "java.io.ByteArrayInputStream",
                         "java.nio.charset.StandardCharsets")
                return ["try (XMLDecoder decoder = new XMLDecoder(",
                        "        new ByteArrayInputStream(val.getBytes(StandardCharsets.UTF_8)))) {",
                        "    Object state = decoder.readObject();",
                        f"    {w}.println(state.getClass().getSimpleName());", "}"]
            code.imp("com.fasterxml.jackson.databind.ObjectMapper")
            if safe_form:
                code.imp("java.util.Map")
                return ["ObjectMapper mapper = new ObjectMapper();",
                        "Object state = mapper.readValue(val, Map.class);",
                        f"{w}.println(state.getClass().getSimpleName());"]
            code.imp("com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator")
            return ["ObjectMapper mapper = new ObjectMapper();",
                    "mapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance,",
                    "        ObjectMapper.DefaultTyping.NON_FINAL);",
                    "Object state = mapper.readValue(val, Object.class);",
                    f"{w}.println(state.getClass().getSimpleName());"]
        raise ValueError(cat)

    def api(self, cat, sink, safe, alg, code):
        """Lines for the weak-or-strong API categories; alg is a variable name or None."""
        w = "response.getWriter()"
        if cat == "weakrand":
            var, weak, strong = WEAKRAND[sink]
            text = "\n".join(strong if safe else weak)
            for cls, imp in (("SecureRandom", "java.security.SecureRandom"),
                             ("new Random(", "java.util.Random"), ("Random rng", "java.util.Random"),
                             ("ThreadLocalRandom", "java.util.concurrent.ThreadLocalRandom"),
                             ("UUID", "java.util.UUID"), ("Base64", "java.util.Base64")):
                if cls in text:
                    code.imp(imp)
            return (strong if safe else weak) + [
                f'request.getSession().setAttribute("{var}:" + val, {var});', f'{w}.println("sent");']
        if cat == "hash":
            weak, strong = HASH[sink]
            if sink.startswith("du_"):
                code.imp("org.apache.commons.codec.digest.DigestUtils")
                return [f"String stored = DigestUtils.{strong if safe else weak}(val);",
                        'request.getSession().setAttribute("credential", stored);', f'{w}.println("saved");']
            code.imp("java.security.MessageDigest", "java.nio.charset.StandardCharsets", "java.util.HexFormat")
            name = alg or lit(strong if safe else weak)
            return [f"MessageDigest md = MessageDigest.getInstance({name});",
                    "byte[] digest = md.digest(val.getBytes(StandardCharsets.UTF_8));",
                    "String signature = HexFormat.of().formatHex(digest);",
                    f'{w}.println("signature: " + signature.length());']
        if cat == "crypto":
            (wk, wt), (sk, st) = CRYPTO[sink]
            code.imp("javax.crypto.Cipher", "javax.crypto.KeyGenerator", "javax.crypto.SecretKey",
                     "java.nio.charset.StandardCharsets", "java.util.Base64")
            keyalg = lit(sk if safe else wk)
            trans = lit(st if safe else wt)
            if alg:
                keyalg, trans = lit("AES"), alg
            return [f"SecretKey key = KeyGenerator.getInstance({keyalg}).generateKey();",
                    f"Cipher cipher = Cipher.getInstance({trans});",
                    "cipher.init(Cipher.ENCRYPT_MODE, key);",
                    "byte[] sealed = cipher.doFinal(val.getBytes(StandardCharsets.UTF_8));",
                    'request.getSession().setAttribute("sealed", Base64.getEncoder().encodeToString(sealed));',
                    f'{w}.println("stored");']
        raise ValueError(cat)

    # -- a case -------------------------------------------------------------------------

    def render(self, case_id, cat, pair, vulnerable):
        code = Code()
        reason, fw = pair["reason"], pair["fw"]
        param, src_lines = self.source(pair["source"], cat)
        safe = not vulnerable
        if cat in ("weakrand", "hash", "crypto"):
            alg = None
            prep = self.prop(pair["prop"], code)
            if reason in FLOW:
                if cat == "hash":
                    hot, cold, cold2 = lit(HASH[pair["sink"]][0]), lit("SHA-256"), lit("SHA-512")
                else:
                    weak = CRYPTO[pair["sink"]][0][1]
                    hot = lit(weak if weak.startswith("AES") else "AES/ECB/PKCS5Padding")
                    cold = cold2 = lit("AES/GCM/NoPadding")
                prep += self.flow(reason, pair["index"], vulnerable, hot, cold, cold2, "alg", code)
                alg = "alg"
            body = src_lines + prep + self.api(cat, pair["sink"], safe, alg, code)
            return {f"{case_id}.java": self.wrap(case_id, cat, fw, param, pair["source"], body, code)}
        helper = Code() if pair["two_file"] else code
        if reason in FLOW:
            if cat == "deserialization":
                c1 = c2 = lit(DESER_COLD[pair["sink"]])
            else:
                c1, c2 = (lit(x) for x in COLD[cat])
            prep = self.flow(reason, pair["index"], vulnerable, "raw", c1, c2, "val", helper)
        else:
            prep = self.prop(pair["prop"], helper)
        form = None
        if reason in TRANSFORMS:
            prep = prep + self.transform(reason, cat, safe, fw, helper)
        elif reason not in FLOW:
            form = reason if safe else None
        files = {}
        if pair["two_file"]:
            name = f"{case_id}Util"
            files[f"{name}.java"] = self.helper_file(name, cat, prep, helper)
            prep = [f"String val = {name}.prepare(raw);"]
        body = src_lines + prep + self.sink(cat, pair["sink"], pair["build"], form, code)
        main = {f"{case_id}.java": self.wrap(case_id, cat, fw, param, pair["source"], body, code)}
        return {**main, **files}

    def helper_file(self, name, cat, prep, code):
        text = "\n".join(prep + [x for m in code.members.values() for x in m])
        out = [f"package org.tollgate.suite.{cat};", ""] + used_imports(code, text)
        out += [f"public final class {name} {{", "", f"    private {name}() {{", "    }", ""]
        for m in code.members.values():
            out += indent(m, 1) + [""]
        out += ["    public static String prepare(String raw) {"] + indent(prep, 2)
        out += ["        return val;", "    }", "}"]
        return "\n".join(out) + "\n"

    def wrap(self, case_id, cat, fw, param, src, body, code):
        code.imp("java.io.IOException") if fw == "servlet" else None
        if fw == "servlet":
            code.imp("jakarta.servlet.ServletException", "jakarta.servlet.annotation.WebServlet",
                     "jakarta.servlet.http.HttpServlet", "jakarta.servlet.http.HttpServletRequest",
                     "jakarta.servlet.http.HttpServletResponse")
            if src.endswith(":cookie"):
                code.imp("jakarta.servlet.http.Cookie")
            if src.endswith(":parammap"):
                code.imp("java.util.Map")
        else:
            ann = param.split("(")[0].lstrip("@")
            code.imp("jakarta.servlet.http.HttpServletRequest", "jakarta.servlet.http.HttpServletResponse",
                     "org.springframework.web.bind.annotation.PostMapping",
                     "org.springframework.web.bind.annotation.RequestMapping",
                     "org.springframework.web.bind.annotation.RestController",
                     f"org.springframework.web.bind.annotation.{ann.split()[0]}")
        members = list(code.members.values())
        text = "\n".join(body + [param or ""] + [x for m in members for x in m])
        if fw == "servlet":
            text += " ServletException WebServlet HttpServlet HttpServletRequest IOException"
        else:
            text += " HttpServletRequest PostMapping RequestMapping RestController"
        text += " HttpServletResponse"
        out = [f"package org.tollgate.suite.{cat};", ""] + used_imports(code, text)
        if fw == "servlet":
            out += [f'@WebServlet("/java/{cat}/{case_id}")', f"public class {case_id} extends HttpServlet {{", ""]
            for m in members:
                out += indent(m, 1) + [""]
            out += ["    @Override",
                    "    protected void doPost(HttpServletRequest request, HttpServletResponse response)",
                    "            throws ServletException, IOException {", "        try {"]
            out += indent(body, 3)
            out += ["        } catch (IOException e) {", "            throw e;",
                    "        } catch (Exception e) {", "            throw new ServletException(e);",
                    "        }", "    }", "}"]
        else:
            mapping = f"/{case_id}/{{{INPUT[cat]}}}" if src.endswith(":path") else f"/{case_id}"
            out += ["@RestController", f'@RequestMapping("/java/{cat}")', f"public class {case_id} {{", ""]
            for m in members:
                out += indent(m, 1) + [""]
            out += [f'    @PostMapping("{mapping}")',
                    f"    public void handle({param}, HttpServletRequest request,",
                    "            HttpServletResponse response) throws Exception {"]
            out += indent(body, 2) + ["    }", "}"]
        return "\n".join(out) + "\n"
