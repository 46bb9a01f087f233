"""Go cases: net/http handlers, one package per category."""
import re

from suite_common import (ALLOWED, AROUND, COLD, FLOW, INPUT, LOOKUP, PINGED, SQL_UPDATE,
                          TRANSFORMS, Code, flow_picks, indent, lit, pieces, reindent)

SINKS = {
    "sqli": ["query", "exec", "queryrow", "querycontext"],
    "cmdi": ["output", "run_context", "start", "combined"],
    "pathtraver": ["readfile", "open", "servefile", "writefile"],
    "xss": ["fprintf", "write", "writestring", "fprint", "template"],
    "ssrf": ["get", "post", "do", "client"],
    "redirect": ["redirect", "location", "redirect_see_other"],
    "weakrand": ["read", "intn", "int63", "seeded"],
    "hash": ["md5_sum", "sha1_sum", "md5_new", "sha1_new"],
    "crypto": ["des", "3des", "rc4", "blowfish", "aes_ecb"],
}
FORMS = {"query": "param", "exec": "param", "queryrow": "param", "querycontext": "param",
         "open": "root", "template": "htmltemplate"}
STD = {"fmt", "strings", "strconv", "net/http", "database/sql", "os", "os/exec", "path/filepath",
       "io", "html", "html/template", "text/template", "math/rand", "crypto/rand", "math/big",
       "math", "time", "encoding/hex", "encoding/base64", "crypto/md5", "crypto/sha1",
       "crypto/sha256", "crypto/sha512", "crypto/des", "crypto/rc4", "crypto/aes", "crypto/cipher",
       "bytes", "sync"}
PKG = {"fmt": "fmt", "strings": "strings", "strconv": "strconv", "http": "net/http",
       "sql": "database/sql", "os": "os", "exec": "os/exec", "filepath": "path/filepath", "io": "io",
       "html": "html", "big": "math/big", "math": "math", "time": "time", "hex": "encoding/hex",
       "base64": "encoding/base64", "md5": "crypto/md5", "sha1": "crypto/sha1", "sha256": "crypto/sha256",
       "sha512": "crypto/sha512", "des": "crypto/des", "rc4": "crypto/rc4", "aes": "crypto/aes",
       "cipher": "crypto/cipher", "blowfish": "golang.org/x/crypto/blowfish", "bytes": "bytes",
       "sync": "sync"}
HASH = {"md5_sum": ("md5.Sum", "sha256.Sum256"), "sha1_sum": ("sha1.Sum", "sha512.Sum512"),
        "md5_new": ("md5.New", "sha256.New"), "sha1_new": ("sha1.New", "sha512.New")}
FAIL = ["if err != nil {", '    http.Error(w, "request failed", http.StatusInternalServerError)',
        "    return", "}"]


class Go:
    name = "go"

    def case_id(self, n):
        return f"case_go_{n:04d}"

    def options(self, cat):
        if cat == "deserialization":
            return None
        builds = ["concat", "sprintf", "builder", "join"]
        if cat in ("ssrf", "redirect"):
            builds = ["direct", "concat", "sprintf"]
        reasons = {
            "sqli": FLOW + ["param", "intcast", "param", "allowlist"],
            "cmdi": FLOW + ["argv", "intcast", "allowlist"],
            "pathtraver": FLOW + ["confine", "basename", "root", "allowlist", "intcast"],
            "xss": FLOW + ["escape", "escape2", "htmltemplate", "intcast", "allowlist"],
            "ssrf": FLOW + ["lookup", "allowlist", "intcast"],
            "redirect": FLOW + ["lookup", "allowlist", "intcast"],
            "weakrand": ["api"], "hash": ["api"], "crypto": ["api"],
        }[cat]
        sources = ["http:query", "http:form", "http:postform", "http:header", "http:cookie", "http:path"]
        props = ["direct", "helper", "slice", "map", "field", "cond", "loop", "array"]
        return {"sources": sources, "props": props, "sinks": SINKS[cat], "reasons": reasons,
                "builds": builds}

    def supports(self, cat, sink, reason, fw):
        if sink == "template":  # its own template package: no other escaper alongside
            return reason in FLOW or reason == "htmltemplate"
        if reason in FLOW or reason in TRANSFORMS or reason == "api":
            return True
        return FORMS.get(sink) == reason or (reason == "argv" and cat == "cmdi")

    def two_file_ok(self, cat, reason):
        return cat not in ("weakrand", "hash", "crypto") and (reason in FLOW or reason in TRANSFORMS)

    def source(self, src, cat):
        kind = src.split(":")[1]
        name = INPUT[cat]
        if kind == "cookie":
            return [f'cookie, err := r.Cookie("{name}")', "if err != nil {",
                    '    http.Error(w, "missing cookie", http.StatusBadRequest)', "    return", "}",
                    "raw := cookie.Value"]
        expr = {"query": f'r.URL.Query().Get("{name}")', "form": f'r.FormValue("{name}")',
                "postform": f'r.PostFormValue("{name}")', "header": 'r.Header.Get("X-Client-Ref")',
                "path": f'r.PathValue("{name}")'}[kind]
        return [f"raw := {expr}"]

    def prop(self, kind, code, fn):
        if kind == "direct":
            return ["val := raw"]
        if kind == "helper":
            code.member("tidy", [f"func {fn}Tidy(s string) string {{", "    return strings.TrimSpace(s)", "}"])
            return [f"val := {fn}Tidy(raw)"]
        if kind == "slice":
            return ["parts := []string{}", "parts = append(parts, raw)", "val := parts[0]"]
        if kind == "map":
            return ["fields := map[string]string{}", 'fields["entry"] = raw', 'val := fields["entry"]']
        if kind == "field":
            code.member("holder", [f"type {fn}Holder struct {{", "    text string", "}"])
            return [f"holder := {fn}Holder{{text: raw}}", "val := holder.text"]
        if kind == "cond":
            return ['val := "none"', 'if raw != "" {', "    val = raw", "}"]
        if kind == "loop":
            return ["var pieces []string", 'for _, piece := range strings.Split(raw, ",") {',
                    "    pieces = append(pieces, strings.TrimSpace(piece))", "}", 'val := strings.Join(pieces, "")']
        if kind == "array":
            return ['slots := [2]string{"first", raw}', "val := slots[1]"]
        raise ValueError(kind)

    def flow(self, reason, index, tainted, hot, cold, cold2):
        p = flow_picks(reason, index, tainted, hot, cold, cold2)
        if reason in ("constif", "constif_false"):
            return ["num := 86", "var val string", f"if {p['cond']} {{", f"    val = {p['then']}", "} else {",
                    f"    val = {p['else']}", "}"]
        if reason == "constternary":
            return ["num := 86", f"val := {p['else']}", f"if {p['cond']} {{", f"    val = {p['then']}", "}"]
        if reason == "switch":
            return ['pick := "ABC"[1]', "var val string", "switch pick {", "case 'A':", f"    val = {p['c1']}",
                    "case 'B':", f"    val = {p['c2']}", "default:", f"    val = {p['c3']}", "}"]
        if reason == "listremove":
            return [f"items := []string{{{cold}, {hot}, {cold2}}}", "items = items[1:]", f"val := items[{p['idx']}]"]
        if reason == "mapkey":
            return [f'slots := map[string]string{{"first": {cold}, "second": {hot}}}', f'val := slots["{p["key"]}"]']
        if reason == "overwrite":
            return [f"val := {p['first']}", f"val = {p['last']}"]
        raise ValueError(reason)

    def transform(self, reason, cat, safe, code, fn):
        if reason == "intcast":
            return ["parsed, _ := strconv.Atoi(strings.TrimSpace(val))", "val = strconv.Itoa(parsed)"] if safe \
                else ["val = strings.TrimSpace(val)"]
        if reason == "allowlist":
            code.member("allowed", [f"var {fn}Allowed = map[string]bool{{" +
                                    ", ".join(f"{lit(x)}: true" for x in ALLOWED[cat]) + "}"])
            first = lit(ALLOWED[cat][0])
            cond = f"!{fn}Allowed[val]" if safe else 'val == ""'
            return [f"if {cond} {{", f"    val = {first}", "}"]
        if reason == "lookup":
            code.member("lookup", [f"var {fn}Targets = map[string]string{{"] +
                        [f"    {lit(k)}: {lit(v)}," for k, v in LOOKUP[cat].items()] + ["}"])
            first = lit(next(iter(LOOKUP[cat].values())))
            lines = [f"if target, ok := {fn}Targets[val]; ok {{", "    val = target"]
            return lines + (["} else {", f"    val = {first}", "}"] if safe else ["}"])
        if reason.startswith("escape"):
            if not safe:
                return ["val = strings.TrimSpace(val)"]
            return ["val = html.EscapeString(val)"] if reason == "escape" else ["val = template.HTMLEscapeString(val)"]
        if reason == "basename":
            return ["val = filepath.Base(val)" if safe else "val = filepath.Clean(val)"]
        if reason == "confine":
            joined = "filepath.Join(base, val)" if safe else 'base + "/" + val'
            return ['base := "/srv/app/uploads"', f"resolved := {joined}",
                    'if !strings.HasPrefix(resolved, base+"/") {', '    val = "readme.txt"', "}"]
        raise ValueError(reason)

    def build(self, kind, pre, suf, out):
        if kind == "direct":
            return [f"{out} := val"]
        if kind == "concat":
            parts = ([lit(pre)] if pre else []) + ["val"] + ([lit(suf)] if suf else [])
            return [f"{out} := {' + '.join(parts)}"]
        if kind == "sprintf":
            return [f"{out} := fmt.Sprintf({lit(pre + '%s' + suf)}, val)"]
        if kind == "builder":
            lines = ["var sb strings.Builder"] + ([f"sb.WriteString({lit(pre)})"] if pre else [])
            lines += ["sb.WriteString(val)"] + ([f"sb.WriteString({lit(suf)})"] if suf else [])
            return lines + [f"{out} := sb.String()"]
        if kind == "join":
            return [f'{out} := strings.Join([]string{{{", ".join(pieces(pre, suf))}}}, "")']
        raise ValueError(kind)

    def sink(self, cat, sink, build, form, code):
        if cat == "sqli":
            update = sink == "exec"
            pre, suf = SQL_UPDATE if update else AROUND["sqli"]
            q = lit(pre.rstrip("'") + "$1")
            lines = [] if form else self.build(build, pre, suf, "query")
            lines += ['db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))'] + FAIL + ["defer db.Close()"]
            args = f"{q}, val" if form else "query"
            if sink == "exec":
                return lines + [f"res, err := db.Exec({args})"] + FAIL + ["changed, _ := res.RowsAffected()",
                                                                         "fmt.Fprint(w, changed)"]
            if sink == "queryrow":
                return lines + ["var email string", f"if err := db.QueryRow({args}).Scan(&email); err != nil {{",
                                '    http.Error(w, "not found", http.StatusNotFound)', "    return", "}",
                                "fmt.Fprint(w, len(email))"]
            call = f"db.QueryContext(r.Context(), {args})" if sink == "querycontext" else f"db.Query({args})"
            return lines + [f"rows, err := {call}"] + FAIL + ["defer rows.Close()", "count := 0", "for rows.Next() {",
                                                              "    count++", "}", "fmt.Fprint(w, count)"]
        if cat == "cmdi":
            argv = ", ".join(lit(x) for x in PINGED) + ", val"
            lines = [] if form else self.build(build, *AROUND["cmdi"], "command")
            shell = {"output": '"sh", "-c", command', "run_context": '"bash", "-c", command',
                     "start": '"/bin/sh", "-c", command', "combined": '"sh", "-c", command'}[sink]
            args = argv if form else shell
            if sink == "output":
                return lines + [f"out, err := exec.Command({args}).Output()"] + FAIL + ["fmt.Fprint(w, len(out))"]
            if sink == "run_context":
                run = f"if err := exec.CommandContext(r.Context(), {args}).Run(); err != nil {{"
                return lines + [run] + FAIL[1:] + ['fmt.Fprint(w, "done")']
            if sink == "start":
                return lines + [f"cmd := exec.Command({args})", "if err := cmd.Start(); err != nil {"] + FAIL[1:] + \
                    ["fmt.Fprint(w, cmd.Process.Pid)"]
            return lines + [f"out, err := exec.Command({args}).CombinedOutput()"] + FAIL + ["fmt.Fprint(w, len(out))"]
        if cat == "pathtraver":
            lines = [] if form else self.build(build, *AROUND["pathtraver"], "location")
            if sink == "readfile":
                return lines + ["data, err := os.ReadFile(location)"] + FAIL + ["fmt.Fprint(w, len(data))"]
            if sink == "open":
                if form:
                    return ['root, err := os.OpenRoot("/srv/app/uploads")'] + FAIL + \
                        ["defer root.Close()", "f, err := root.Open(val)"] + FAIL + \
                        ["defer f.Close()", "n, _ := io.Copy(io.Discard, f)", "fmt.Fprint(w, n)"]
                return lines + ["f, err := os.Open(location)"] + FAIL + \
                    ["defer f.Close()", "n, _ := io.Copy(io.Discard, f)", "fmt.Fprint(w, n)"]
            if sink == "servefile":
                return lines + ["http.ServeFile(w, r, location)"]
            return lines + ['if err := os.WriteFile(location, []byte("uploaded"), 0o600); err != nil {'] + FAIL[1:] + \
                ['fmt.Fprint(w, "stored")']
        if cat == "xss":
            head = ['w.Header().Set("Content-Type", "text/html; charset=utf-8")']
            pre, suf = AROUND["xss"]
            if sink == "fprintf":
                return head + [f"fmt.Fprintf(w, {lit(pre + '%s' + suf)}, val)"]
            if sink == "template":
                code.template = "html/template" if form else "text/template"
                return head + [f'page := template.Must(template.New("page").Parse({lit(pre + "{{.}}" + suf)}))',
                               "if err := page.Execute(w, val); err != nil {",
                               '    http.Error(w, "render failed", http.StatusInternalServerError)', "}"]
            lines = head + self.build(build, pre, suf, "page")
            return lines + {"write": ["w.Write([]byte(page))"], "writestring": ["io.WriteString(w, page)"],
                            "fprint": ["fmt.Fprint(w, page)"]}[sink]
        if cat == "ssrf":
            lines = self.build(build, *AROUND["ssrf"], "address")
            if sink == "get":
                call = ["resp, err := http.Get(address)"]
            elif sink == "post":
                call = ['resp, err := http.Post(address, "application/json", strings.NewReader("{}"))']
            elif sink == "do":
                call = ['req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, address, nil)'] + FAIL + \
                    ["resp, err := http.DefaultClient.Do(req)"]
            else:
                call = ["client := &http.Client{Timeout: 5 * time.Second}", "resp, err := client.Get(address)"]
            return lines + call + FAIL + ["defer resp.Body.Close()", "fmt.Fprint(w, resp.StatusCode)"]
        if cat == "redirect":
            lines = self.build(build, *AROUND["redirect"], "target")
            return lines + {"redirect": ["http.Redirect(w, r, target, http.StatusFound)"],
                            "location": ['w.Header().Set("Location", target)', "w.WriteHeader(http.StatusFound)"],
                            "redirect_see_other": ["http.Redirect(w, r, target, http.StatusSeeOther)"]}[sink]
        raise ValueError(cat)

    def api(self, cat, sink, safe, code, fn):
        if cat == "weakrand":
            code.member("issued", [f"var {fn}Issued sync.Map"])
            code.rand = "crypto/rand" if safe else "math/rand"
            if sink == "read":
                var, lines = "token", ["buf := make([]byte, 16)", "rand.Read(buf)", "token := hex.EncodeToString(buf)"]
            elif sink == "intn":
                var = "otp"
                lines = (["n, err := rand.Int(rand.Reader, big.NewInt(1000000))"] + FAIL +
                         ['otp := fmt.Sprintf("%06d", n.Int64())']) if safe else \
                    ['otp := fmt.Sprintf("%06d", rand.Intn(1000000))']
            elif sink == "int63":
                var = "sessionID"
                lines = (["n, err := rand.Int(rand.Reader, big.NewInt(math.MaxInt64))"] + FAIL +
                         ["sessionID := strconv.FormatInt(n.Int64(), 36)"]) if safe else \
                    ["sessionID := strconv.FormatInt(rand.Int63(), 36)"]
            else:
                var = "nonce"
                lines = ["buf := make([]byte, 8)", "rand.Read(buf)", 'nonce := fmt.Sprintf("%x", buf)'] if safe else \
                    ["rng := rand.New(rand.NewSource(time.Now().UnixNano()))",
                     'nonce := fmt.Sprintf("%x", rng.Uint64())']
            return lines + [f"{fn}Issued.Store(val, {var})", 'fmt.Fprint(w, "sent")']
        if cat == "hash":
            weak, strong = HASH[sink]
            call = strong if safe else weak
            if sink.endswith("_sum"):
                return [f"sum := {call}([]byte(val))", "signature := hex.EncodeToString(sum[:])",
                        "fmt.Fprint(w, len(signature))"]
            return [f"h := {call}()", "h.Write([]byte(val))", "signature := hex.EncodeToString(h.Sum(nil))",
                    "fmt.Fprint(w, len(signature))"]
        if cat == "crypto":
            code.rand = "crypto/rand"
            out = ['fmt.Fprint(w, base64.StdEncoding.EncodeToString(sealed))']
            if safe:
                return ["key := make([]byte, 32)", "rand.Read(key)", "block, err := aes.NewCipher(key)"] + FAIL + \
                    ["gcm, err := cipher.NewGCM(block)"] + FAIL + \
                    ["nonce := make([]byte, gcm.NonceSize())", "rand.Read(nonce)",
                     "sealed := gcm.Seal(nil, nonce, []byte(val), nil)"] + out
            if sink == "rc4":
                return ["key := make([]byte, 16)", "rand.Read(key)", "stream, err := rc4.NewCipher(key)"] + FAIL + \
                    ["sealed := make([]byte, len(val))", "stream.XORKeyStream(sealed, []byte(val))"] + out
            code.member("pad", [f"func {fn}Pad(b []byte, size int) []byte {{", "    n := size - len(b)%size",
                                "    return append(b, bytes.Repeat([]byte{byte(n)}, n)...)", "}"])
            size, new = {"des": (8, "des.NewCipher"), "3des": (24, "des.NewTripleDESCipher"),
                         "blowfish": (16, "blowfish.NewCipher"), "aes_ecb": (32, "aes.NewCipher")}[sink]
            lines = [f"key := make([]byte, {size})", "rand.Read(key)", f"block, err := {new}(key)"] + FAIL + \
                [f"padded := {fn}Pad([]byte(val), block.BlockSize())", "sealed := make([]byte, len(padded))"]
            if sink == "aes_ecb":
                return lines + ["for i := 0; i < len(padded); i += block.BlockSize() {",
                                "    block.Encrypt(sealed[i:], padded[i:])", "}"] + out
            return lines + ["iv := make([]byte, block.BlockSize())", "rand.Read(iv)",
                            "cipher.NewCBCEncrypter(block, iv).CryptBlocks(sealed, padded)"] + out
        raise ValueError(cat)

    def render(self, case_id, cat, pair, vulnerable):
        code = Code()
        code.rand = code.template = None
        fn = "caseGo" + case_id[-4:]
        reason = pair["reason"]
        src_lines = self.source(pair["source"], cat)
        safe = not vulnerable
        files = {}
        if cat in ("weakrand", "hash", "crypto"):
            body = src_lines + self.prop(pair["prop"], code, fn) + self.api(cat, pair["sink"], safe, code, fn)
        else:
            helper = Code() if pair["two_file"] else code
            helper.rand = helper.template = None
            if reason in FLOW:
                c1, c2 = (lit(x) for x in COLD[cat])
                prep = self.flow(reason, pair["index"], vulnerable, "raw", c1, c2)
            else:
                prep = self.prop(pair["prop"], helper, fn)
            form = None
            if reason in TRANSFORMS:
                prep = prep + self.transform(reason, cat, safe, helper, fn)
            elif reason not in FLOW:
                form = reason if safe else None
            if reason == "escape2":
                helper.template = "html/template"
            if pair["two_file"]:
                func = [f"func {fn}Prepare(raw string) string {{"] + indent(prep + ["return val"], 1) + ["}"]
                files[f"{case_id}_util.go"] = self.module(cat, helper, func)
                prep = [f"val := {fn}Prepare(raw)"]
            body = src_lines + prep + self.sink(cat, pair["sink"], pair["build"], form, code)
        route = f"POST /go/{cat}/{case_id}" + (f"/{{{INPUT[cat]}}}" if pair["source"].endswith(":path") else "")
        func = ["func init() {", f'    http.HandleFunc("{route}", {fn})', "}", "",
                f"func {fn}(w http.ResponseWriter, r *http.Request) {{"] + indent(body, 1) + ["}"]
        return {f"{case_id}.go": self.module(cat, code, func), **files}

    def module(self, cat, code, func):
        members = [x for m in code.members.values() for x in m + [""]]
        text = "\n".join(members + func)
        paths = {PKG[n] for n in PKG if re.search(r"(?<![\w.])%s\." % n, text)}
        if re.search(r"(?<![\w.])rand\.", text):
            paths.add(code.rand)
        if re.search(r"(?<![\w.])template\.", text):
            paths.add(code.template)
        std = sorted(p for p in paths if p in STD)
        other = sorted(p for p in paths if p not in STD)
        if "sql.Open" in text:
            other.append('_ "github.com/lib/pq"')
        imps = [f'    "{p}"' if not p.startswith("_") else f"    {p}" for p in std]
        if other:
            imps += [""] + [f'    "{p}"' if not p.startswith("_") else f"    {p}" for p in other]
        head = ["import ("] + imps + [")", ""] if imps else []
        out = [f"package {cat}", ""] + head + members + func
        return "\n".join(reindent(out, "\t")) + "\n"
