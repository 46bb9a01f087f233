"""Python cases: Flask, Django and FastAPI views."""
import re

from suite_common import (ALLOWED, AROUND, COLD, FLOW, INPUT, LOOKUP, PINGED, TRANSFORMS,
                          Code, flow_picks, indent, lit, pieces)

SOURCES = ["flask:args", "flask:form", "flask:headers", "flask:cookies", "flask:json",
           "flask:values", "django:get", "django:post", "django:cookies", "django:meta",
           "fastapi:query", "fastapi:path", "fastapi:header", "fastapi:cookie", "fastapi:form"]
PROPS = ["direct", "helper", "list", "dict", "field", "ternary", "loop", "tuple"]
ONLY = {"sa_session": {"flask", "fastapi"}, "sa_conn": {"flask", "fastapi"},
        "dj_raw": {"django"}, "dj_extra": {"django"}, "dj_cursor": {"django"},
        "send_file": {"flask"}, "flask_return": {"flask"}, "flask_response": {"flask"},
        "flask_markup": {"flask"}, "dj_response": {"django"}, "dj_markup": {"django"},
        "fa_html": {"fastapi"}, "fa_html2": {"fastapi"}}
SINKS = {
    "sqli": ["sqlite", "sa_session", "sa_conn", "psycopg", "dj_raw", "dj_extra", "dj_cursor"],
    "cmdi": ["os_system", "sp_run", "sp_output", "os_popen", "sp_popen"],
    "pathtraver": ["open_read", "open_write", "pathlib", "send_file", "file_response"],
    "xss": ["flask_return", "flask_response", "flask_markup", "dj_response", "dj_markup",
            "fa_html", "fa_html2"],
    "ssrf": ["requests_get", "requests_post", "urlopen", "httpx_get"],
    "redirect": ["redirect", "header"],
    "deserialization": ["pickle", "yaml_loader", "yaml_unsafe", "jsonpickle"],
    "weakrand": ["randint", "choice", "bits", "rng_obj", "float", "sample"],
    "hash": ["md5", "sha1", "new", "new_sha1", "usedfor", "pycryptodome", "cryptography"],
    "crypto": ["des", "3des", "arc4", "blowfish", "aes_ecb", "cg_3des", "cg_ecb", "cg_arc4"],
}
FORMS = {"sqlite": "param", "sa_session": "param", "sa_conn": "param", "psycopg": "param",
         "dj_raw": "param", "dj_extra": "param", "dj_cursor": "param", "send_file": "fromdir",
         "flask_markup": "markup", "dj_markup": "format_html", "pickle": "json",
         "yaml_loader": "safeloader", "yaml_unsafe": "safe_load", "jsonpickle": "json"}
DESER_COLD = {"pickle": "gASVEwAAAAAAAAB9lIwFdGhlbWWUjARkYXJrlHMu", "yaml_loader": "theme: dark",
              "yaml_unsafe": "theme: dark", "jsonpickle": '{"theme": "dark"}'}
IMPORTS = {  # a name used in the code -> its import line
    "os": "import os", "re": "import re", "html": "import html", "shlex": "import shlex",
    "sqlite3": "import sqlite3", "subprocess": "import subprocess", "pathlib": "import pathlib",
    "requests": "import requests", "httpx": "import httpx", "urllib": "import urllib.request",
    "pickle": "import pickle", "base64": "import base64", "json": "import json",
    "yaml": "import yaml", "jsonpickle": "import jsonpickle", "random": "import random",
    "secrets": "import secrets", "string": "import string", "hashlib": "import hashlib",
    "psycopg2": "import psycopg2",
    "text": "from sqlalchemy import text", "create_engine": "from sqlalchemy import create_engine",
    "Session": "from sqlalchemy.orm import Session", "saxutils": "from xml.sax import saxutils",
    "escape": "from markupsafe import escape", "Markup": "from markupsafe import Markup",
    "dj_escape": "from django.utils.html import escape as dj_escape",
    "format_html": "from django.utils.html import format_html",
    "mark_safe": "from django.utils.safestring import mark_safe",
    "User": "from django.contrib.auth.models import User", "connection": "from django.db import connection",
    "HttpResponse": "from django.http import HttpResponse",
    "HttpResponseRedirect": "from django.http import HttpResponseRedirect",
    "FileResponse": None, "HTMLResponse": "from fastapi.responses import HTMLResponse",
    "RedirectResponse": "from fastapi.responses import RedirectResponse",
    "MD5": "from Crypto.Hash import MD5", "SHA256": "from Crypto.Hash import SHA256",
    "DES": "from Crypto.Cipher import DES", "DES3": "from Crypto.Cipher import DES3",
    "ARC4": "from Crypto.Cipher import ARC4", "Blowfish": "from Crypto.Cipher import Blowfish",
    "AES": "from Crypto.Cipher import AES", "ChaCha20_Poly1305": "from Crypto.Cipher import ChaCha20_Poly1305",
    "get_random_bytes": "from Crypto.Random import get_random_bytes",
    "pad": "from Crypto.Util.Padding import pad",
    "hashes": "from cryptography.hazmat.primitives import hashes",
    "Cipher": "from cryptography.hazmat.primitives.ciphers import Cipher",
    "algorithms": "from cryptography.hazmat.primitives.ciphers import algorithms",
    "modes": "from cryptography.hazmat.primitives.ciphers import modes",
    "dataclass": "from dataclasses import dataclass",
}
FLASK = ["Flask", "request", "make_response", "redirect", "send_file", "send_from_directory",
         "Response"]
FASTAPI = ["FastAPI", "Query", "Header", "Cookie", "Form"]
HASH = {"md5": ("hashlib.md5", "hashlib.sha256"), "sha1": ("hashlib.sha1", "hashlib.sha512"),
        "new": ("md5", "sha256"), "new_sha1": ("sha1", "sha3_256")}
CRYPTO = {  # pycryptodome: (module, key size, mode, block) weak, then the strong twin
    "des": ("DES", 8, "DES.MODE_CBC", 8), "3des": ("DES3", 24, "DES3.MODE_CBC", 8),
    "arc4": ("ARC4", 16, None, 16), "blowfish": ("Blowfish", 16, "Blowfish.MODE_CBC", 8),
    "aes_ecb": ("AES", 32, "AES.MODE_ECB", 16)}


def imports_for(text, fw):
    """Import lines for the names the text uses."""
    out = []
    for name, line in IMPORTS.items():
        used = re.search(r"(?<![\w.@])%s(?=[.(])" % name, text) or f"@{name}\n" in text
        if line and used:
            out.append(line)
    if "FileResponse(" in text:
        out.append("from django.http import FileResponse" if fw == "django"
                   else "from fastapi.responses import FileResponse")
    plain = sorted({x for x in out if x.startswith("import ")})
    froms = sorted({x for x in out if x.startswith("from ")})
    if fw == "flask":
        names = [n for n in FLASK if re.search(r"(?<![\w.])%s(?=[.(])" % n, text)]
        froms.append("from flask import " + ", ".join(sorted(names)))
    if fw == "fastapi":
        names = [n for n in FASTAPI if re.search(r"(?<![\w.])%s(?=[.(])" % n, text)]
        froms.append("from fastapi import " + ", ".join(sorted(names)))
    return plain + ([""] if plain else []) + sorted(froms)


class Python:
    name = "python"

    def case_id(self, n):
        return f"CasePython{n:04d}"

    def options(self, cat):
        builds = ["concat", "percent", "fstring", "format", "join"]
        if cat in ("ssrf", "redirect"):
            builds = ["direct", "concat", "fstring", "format"]
        reasons = {
            "sqli": FLOW + ["param", "intcast", "param", "allowlist"],
            "cmdi": FLOW + ["argv", "quote", "intcast", "allowlist"],
            "pathtraver": FLOW + ["confine", "basename", "fromdir", "allowlist", "intcast"],
            "xss": FLOW + ["escape", "escape2", "markup", "escape3", "format_html", "intcast",
                           "allowlist"],
            "ssrf": FLOW + ["lookup", "allowlist", "intcast"],
            "redirect": FLOW + ["lookup", "allowlist", "intcast"],
            "deserialization": FLOW + ["json", "safeloader", "safe_load"],
            "weakrand": ["api"],
            "hash": FLOW + ["api"],
            "crypto": FLOW + ["api"],
        }[cat]
        return {"sources": SOURCES, "props": PROPS, "sinks": SINKS[cat], "reasons": reasons,
                "builds": builds}

    def supports(self, cat, sink, reason, fw):
        if sink in ONLY and fw not in ONLY[sink]:
            return False
        if cat == "hash" and reason in FLOW:
            return sink in ("new", "new_sha1")
        if cat == "crypto" and reason in FLOW:
            return sink == "aes_ecb"
        if reason in FLOW or reason in TRANSFORMS or reason == "api":
            return True
        return FORMS.get(sink) == reason or (reason == "argv" and cat == "cmdi")

    def two_file_ok(self, cat, reason):
        return cat not in ("weakrand", "hash", "crypto") and (reason in FLOW or reason in TRANSFORMS)

    def source(self, src, cat):
        """(handler parameter or None, lines defining `raw`)."""
        fw, kind = src.split(":")
        name = INPUT[cat]
        if fw == "fastapi":
            return {"query": f'raw: str = Query("", alias="{name}")', "path": "raw: str",
                    "header": 'raw: str = Header("", alias="x-client-ref")',
                    "cookie": f'raw: str = Cookie("", alias="{name}")',
                    "form": f'raw: str = Form("", alias="{name}")'}[kind], []
        if fw == "flask":
            line = {"args": f'request.args.get("{name}", "")', "form": f'request.form.get("{name}", "")',
                    "headers": 'request.headers.get("X-Client-Ref", "")',
                    "cookies": f'request.cookies.get("{name}", "")',
                    "json": f'(request.get_json(silent=True) or {{}}).get("{name}", "")',
                    "values": f'request.values.get("{name}", "")'}[kind]
        else:
            line = {"get": f'request.GET.get("{name}", "")', "post": f'request.POST.get("{name}", "")',
                    "cookies": f'request.COOKIES.get("{name}", "")',
                    "meta": 'request.META.get("HTTP_X_CLIENT_REF", "")'}[kind]
        return None, [f"raw = {line}"]

    def out(self, fw, expr):
        if fw == "flask":
            return [f"return str({expr})"]
        if fw == "django":
            return [f"return HttpResponse(str({expr}))"]
        return [f'return {{"result": {expr}}}']

    def prop(self, kind, code):
        if kind == "direct":
            return ["val = raw"]
        if kind == "helper":
            code.member("tidy", ["def tidy(s):", "    return s.strip() if s else \"\""])
            return ["val = tidy(raw)"]
        if kind == "list":
            return ["parts = []", "parts.append(raw)", "val = parts[0]"]
        if kind == "dict":
            return ["fields = {}", 'fields["entry"] = raw', 'val = fields["entry"]']
        if kind == "field":
            code.member("holder", ["@dataclass", "class Holder:", "    text: str"])
            return ["holder = Holder(raw)", "val = holder.text"]
        if kind == "ternary":
            return ['val = raw if raw else "none"']
        if kind == "loop":
            return ["pieces = []", 'for piece in raw.split(","):', "    pieces.append(piece.strip())",
                    'val = "".join(pieces)']
        if kind == "tuple":
            return ['slots = ("first", raw)', "val = slots[1]"]
        raise ValueError(kind)

    def flow(self, reason, index, tainted, hot, cold, cold2, out):
        p = flow_picks(reason, index, tainted, hot, cold, cold2)
        if reason in ("constif", "constif_false"):
            return ["num = 86", f"if {p['cond']}:", f"    {out} = {p['then']}", "else:",
                    f"    {out} = {p['else']}"]
        if reason == "constternary":
            return ["num = 86", f"{out} = {p['then']} if {p['cond']} else {p['else']}"]
        if reason == "switch":
            return ['pick = "ABC"[1]', "match pick:", '    case "A":', f"        {out} = {p['c1']}",
                    '    case "B":', f"        {out} = {p['c2']}", "    case _:",
                    f"        {out} = {p['c3']}"]
        if reason == "listremove":
            return [f"items = [{cold}, {hot}, {cold2}]", "items.pop(0)", f"{out} = items[{p['idx']}]"]
        if reason == "mapkey":
            return [f'slots = {{"first": {cold}, "second": {hot}}}', f'{out} = slots["{p["key"]}"]']
        if reason == "overwrite":
            return [f"{out} = {p['first']}", f"{out} = {p['last']}"]
        raise ValueError(reason)

    def transform(self, reason, cat, safe, fw, code):
        if reason == "intcast":
            return ["val = str(int(val.strip()))" if safe else "val = str(val.strip())"]
        if reason == "allowlist":
            code.member("allowed", ["ALLOWED = {" + ", ".join(lit(x) for x in ALLOWED[cat]) + "}"])
            first = lit(ALLOWED[cat][0])
            return [f"val = val if val in ALLOWED else {first}" if safe else f"val = val if val else {first}"]
        if reason == "lookup":
            code.member("lookup", ["TARGETS = {" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in LOOKUP[cat].items())
                                   + "}"])
            first = lit(next(iter(LOOKUP[cat].values())))
            return [f"val = TARGETS.get(val, {first})" if safe else "val = TARGETS.get(val, val)"]
        if reason.startswith("escape"):
            if not safe:
                return ["val = val.strip()"]
            if reason == "escape":
                return ["val = html.escape(val)"]
            if reason == "escape2":
                return ["val = str(escape(val))"]
            return ["val = dj_escape(val)" if fw == "django" else "val = saxutils.escape(val)"]
        if reason == "quote":
            return ["val = shlex.quote(val)" if safe else "val = val.strip()"]
        if reason == "basename":
            return ["val = os.path.basename(val)" if safe else "val = os.path.normpath(val)"]
        if reason == "confine":
            joined = "os.path.realpath(os.path.join(base, val))" if safe else "os.path.join(base, val)"
            return ['base = os.path.realpath("/srv/app/uploads")', f"resolved = {joined}",
                    "if not resolved.startswith(base + os.sep):",
                    '    raise ValueError("outside the upload folder")']
        raise ValueError(reason)

    def build(self, kind, pre, suf, out):
        if kind == "direct":
            return [f"{out} = val"]
        if kind == "concat":
            parts = ([lit(pre)] if pre else []) + ["val"] + ([lit(suf)] if suf else [])
            return [f"{out} = {' + '.join(parts)}"]
        if kind == "percent":
            return [f"{out} = {lit(pre + '%s' + suf)} % val"]
        if kind == "fstring":
            return [f"{out} = f{lit(pre + '{val}' + suf)}"]
        if kind == "format":
            return [f"{out} = {lit(pre + '{}' + suf)}.format(val)"]
        if kind == "join":
            return [f'{out} = "".join([{", ".join(pieces(pre, suf))}])']
        raise ValueError(kind)

    def sink(self, cat, sink, build, form, fw, code):
        out = lambda e: self.out(fw, e)  # noqa: E731
        if cat == "sqli":
            pre, suf = AROUND["sqli"]
            if sink in ("dj_raw", "dj_extra"):
                pre = "SELECT * FROM auth_user WHERE username = '" if sink == "dj_raw" else "username = '"
            q = lit(pre.rstrip("'") + ("?" if sink == "sqlite" else ":name" if sink.startswith("sa_") else "%s"))
            lines = [] if form else self.build(build, pre, suf, "query")
            if sink == "sqlite":
                call = f"cur.execute({q}, (val,))" if form else "cur.execute(query)"
                return lines + ['conn = sqlite3.connect("/srv/app/app.db")', "cur = conn.cursor()", call,
                                "rows = cur.fetchall()"] + out("len(rows)")
            if sink == "psycopg":
                call = f"cur.execute({q}, (val,))" if form else "cur.execute(query)"
                return lines + ['conn = psycopg2.connect(os.environ["DATABASE_URL"])', "cur = conn.cursor()",
                                call, "rows = cur.fetchall()"] + out("len(rows)")
            if sink.startswith("sa_"):
                code.member("engine", ['engine = create_engine("sqlite:////srv/app/app.db")'])
                call = f'text({q}), {{"name": val}}' if form else "text(query)"
                if sink == "sa_session":
                    return lines + ["with Session(engine) as session:",
                                    f"    rows = session.execute({call}).all()"] + out("len(rows)")
                return lines + ["with engine.connect() as conn:",
                                f"    rows = conn.execute({call}).fetchall()"] + out("len(rows)")
            if sink == "dj_raw":
                call = f"User.objects.raw({q}, [val])" if form else "User.objects.raw(query)"
                return lines + [f"rows = list({call})"] + out("len(rows)")
            if sink == "dj_extra":
                call = (f'User.objects.extra(where=[{q}], params=[val])' if form
                        else "User.objects.extra(where=[query])")
                return lines + [f"rows = {call}"] + out("rows.count()")
            call = f"cur.execute({q}, [val])" if form else "cur.execute(query)"
            return lines + ["with connection.cursor() as cur:", f"    {call}", "    rows = cur.fetchall()"] \
                + out("len(rows)")
        if cat == "cmdi":
            argv = "[" + ", ".join(lit(x) for x in PINGED) + ", val]"
            lines = [] if form else self.build(build, *AROUND["cmdi"], "command")
            if sink == "os_system":
                call = f"subprocess.call({argv})" if form else "os.system(command)"
                return lines + [f"status = {call}"] + out("status")
            if sink == "sp_run":
                call = f"subprocess.run({argv}, check=False)" if form else \
                    "subprocess.run(command, shell=True, check=False)"
                return lines + [f"result = {call}"] + out("result.returncode")
            if sink == "sp_output":
                call = f"subprocess.check_output({argv})" if form else \
                    "subprocess.check_output(command, shell=True)"
                return lines + [f"output = {call}"] + out("len(output)")
            if sink == "os_popen":
                call = f"subprocess.run({argv}, capture_output=True, text=True).stdout" if form \
                    else "os.popen(command).read()"
                return lines + [f"output = {call}"] + out("len(output)")
            call = f"subprocess.Popen({argv})" if form else "subprocess.Popen(command, shell=True)"
            return lines + [f"proc = {call}"] + out("proc.wait()")
        if cat == "pathtraver":
            lines = [] if form else self.build(build, *AROUND["pathtraver"], "location")
            if sink == "open_read":
                return lines + ['with open(location, encoding="utf-8") as fh:', "    data = fh.read()"] \
                    + out("len(data)")
            if sink == "open_write":
                return lines + ['with open(location, "w", encoding="utf-8") as fh:',
                                '    fh.write("uploaded")'] + out('"stored"')
            if sink == "pathlib":
                return lines + ["data = pathlib.Path(location).read_bytes()"] + out("len(data)")
            if sink == "send_file":
                return ['return send_from_directory("/srv/app/uploads", val)'] if form \
                    else lines + ["return send_file(location)"]
            if fw == "django":
                return lines + ['return FileResponse(open(location, "rb"))']
            return lines + ["return FileResponse(location)"]
        if cat == "xss":
            pre, suf = AROUND["xss"]
            if sink == "flask_markup":
                return [f"return Markup({lit(pre + '{}' + suf)}).format(val)"] if form \
                    else [f"return Markup({lit(pre + '{}' + suf)}.format(val))"]
            if sink == "dj_markup":
                return [f"return HttpResponse(format_html({lit(pre + '{}' + suf)}, val))"] if form \
                    else [f"return HttpResponse(mark_safe({lit(pre + '{}' + suf)}.format(val)))"]
            lines = self.build(build, pre, suf, "page")
            return lines + [{"flask_return": "return page", "flask_response": "return make_response(page, 200)",
                             "dj_response": "return HttpResponse(page)",
                             "fa_html": "return HTMLResponse(content=page)",
                             "fa_html2": "return HTMLResponse(page, status_code=200)"}[sink]]
        if cat == "ssrf":
            lines = self.build(build, *AROUND["ssrf"], "address")
            if sink == "requests_get":
                return lines + ["resp = requests.get(address, timeout=5)"] + out("resp.status_code")
            if sink == "requests_post":
                return lines + ['resp = requests.post(address, json={"ping": True}, timeout=5)'] \
                    + out("resp.status_code")
            if sink == "urlopen":
                return lines + ["with urllib.request.urlopen(address, timeout=5) as resp:",
                                "    body = resp.read()"] + out("len(body)")
            return lines + ["resp = httpx.get(address, timeout=5)"] + out("resp.status_code")
        if cat == "redirect":
            lines = self.build(build, *AROUND["redirect"], "target")
            if sink == "redirect":
                return lines + [{"flask": "return redirect(target)",
                                 "django": "return HttpResponseRedirect(target)",
                                 "fastapi": "return RedirectResponse(target)"}[fw]]
            return lines + [{"flask": 'return Response(status=302, headers={"Location": target})',
                             "django": "response = HttpResponse(status=302)",
                             "fastapi": "return RedirectResponse(url=target, status_code=303)"}[fw]] + \
                (['response["Location"] = target', "return response"] if fw == "django" else [])
        if cat == "deserialization":
            call = {"pickle": ("json.loads(base64.b64decode(val))", "pickle.loads(base64.b64decode(val))"),
                    "yaml_loader": ("yaml.load(val, Loader=yaml.SafeLoader)", "yaml.load(val, Loader=yaml.Loader)"),
                    "yaml_unsafe": ("yaml.safe_load(val)", "yaml.unsafe_load(val)"),
                    "jsonpickle": ("json.loads(val)", "jsonpickle.decode(val)")}[sink][0 if form else 1]
            return [f"state = {call}"] + out("type(state).__name__")
        raise ValueError(cat)

    def api(self, cat, sink, safe, alg, fw, code):
        out = lambda e: self.out(fw, e)  # noqa: E731
        if cat == "weakrand":
            code.member("issued", ["ISSUED = {}"])
            var, weak, strong = {
                "randint": ("otp", "str(random.randint(100000, 999999))", "str(secrets.randbelow(900000) + 100000)"),
                "choice": ("token", '"".join(random.choice(ALPHABET) for _ in range(32))',
                           '"".join(secrets.choice(ALPHABET) for _ in range(32))'),
                "bits": ("session_id", '"%032x" % random.getrandbits(128)', '"%032x" % secrets.randbits(128)'),
                "rng_obj": ("reset_code", "str(random.Random().randint(10000000, 99999999))",
                            "str(random.SystemRandom().randint(10000000, 99999999))"),
                "float": ("nonce", "str(random.random())[2:]", "secrets.token_hex(16)"),
                "sample": ("pin", '"".join(random.sample("0123456789", 6))',
                           '"".join(secrets.choice("0123456789") for _ in range(6))'),
            }[sink]
            if sink == "choice":
                code.member("alphabet", ["ALPHABET = string.ascii_letters + string.digits"])
            return [f"{var} = {strong if safe else weak}", f"ISSUED[val] = {var}"] + out('"sent"')
        if cat == "hash":
            if sink in HASH:
                weak, strong = HASH[sink]
                if sink.startswith("new"):
                    name = alg or lit(strong if safe else weak)
                    line = f"signature = hashlib.new({name}, val.encode()).hexdigest()"
                else:
                    line = f"signature = {strong if safe else weak}(val.encode()).hexdigest()"
                return [line] + out("len(signature)")
            if sink == "usedfor":
                flag = ", usedforsecurity=False" if safe else ""
                return [f"signature = hashlib.md5(val.encode(){flag}).hexdigest()"] + out("len(signature)")
            if sink == "pycryptodome":
                return [f"signature = {'SHA256' if safe else 'MD5'}.new(val.encode()).hexdigest()"] \
                    + out("len(signature)")
            return [f"digest = hashes.Hash(hashes.{'SHA256' if safe else 'SHA1'}())", "digest.update(val.encode())",
                    "signature = digest.finalize().hex()"] + out("len(signature)")
        if cat == "crypto":
            if sink in CRYPTO:
                mod, size, mode, block = CRYPTO[sink]
                if safe and sink != "aes_ecb":
                    mod, size, mode, block = "AES", 32, "AES.MODE_GCM", 16
                if alg:
                    mode = alg
                elif safe:
                    mode = "AES.MODE_GCM"
                key = "DES3.adjust_key_parity(get_random_bytes(24))" if mod == "DES3" else f"get_random_bytes({size})"
                new = f"{mod}.new(key, {mode})" if mode else f"{mod}.new(key)"
                return [f"key = {key}", f"cipher = {new}", f"sealed = cipher.encrypt(pad(val.encode(), {block}))"] \
                    + out("len(sealed)")
            algo, mode = {"cg_3des": ("algorithms.TripleDES(key[:24])", "modes.CBC(iv[:8])"),
                          "cg_ecb": ("algorithms.AES(key)", "modes.ECB()"),
                          "cg_arc4": ("algorithms.ARC4(key)", "None")}[sink]
            if safe:
                algo, mode = "algorithms.AES(key)", "modes.GCM(iv)"
            return ["key = os.urandom(32)", "iv = os.urandom(12)", f"encryptor = Cipher({algo}, {mode}).encryptor()",
                    "sealed = encryptor.update(val.encode()) + encryptor.finalize()"] + out("len(sealed)")
        raise ValueError(cat)

    def render(self, case_id, cat, pair, vulnerable):
        code = Code()
        reason, fw = pair["reason"], pair["fw"]
        param, src_lines = self.source(pair["source"], cat)
        safe = not vulnerable
        files = {}
        if cat in ("weakrand", "hash", "crypto"):
            alg = None
            prep = self.prop(pair["prop"], code)
            if reason in FLOW:
                if cat == "hash":
                    hot, cold, cold2 = lit(HASH[pair["sink"]][0]), lit("sha256"), lit("sha512")
                else:
                    hot, cold, cold2 = "AES.MODE_ECB", "AES.MODE_GCM", "AES.MODE_GCM"
                prep += self.flow(reason, pair["index"], vulnerable, hot, cold, cold2, "alg")
                alg = "alg"
            body = src_lines + prep + self.api(cat, pair["sink"], safe, alg, fw, code)
        else:
            helper = Code() if pair["two_file"] else code
            if reason in FLOW:
                if cat == "deserialization":
                    c1 = c2 = lit(DESER_COLD[pair["sink"]])
                else:
                    c1, c2 = (lit(x) for x in COLD[cat])
                prep = self.flow(reason, pair["index"], vulnerable, "raw", c1, c2, "val")
            else:
                prep = self.prop(pair["prop"], helper)
            form = None
            if reason in TRANSFORMS:
                prep = prep + self.transform(reason, cat, safe, fw, helper)
            elif reason not in FLOW:
                form = reason if safe else None
            if pair["two_file"]:
                mod = f"{case_id}Util"
                files[f"{mod}.py"] = self.module(helper, ["def prepare(raw):"] + indent(prep + ["return val"], 1), None)
                prep = ["val = prepare(raw)"]
                helper_import = f"from {mod} import prepare"
            body = src_lines + prep + self.sink(cat, pair["sink"], pair["build"], form, fw, code)
        main = {f"{case_id}.py": self.wrap(case_id, cat, fw, param, pair["source"], body, code,
                                           helper_import if pair["two_file"] and cat not in
                                           ("weakrand", "hash", "crypto") else None)}
        return {**main, **files}

    def module(self, code, func, fw, extra_import=None, head=()):
        members = [x for m in code.members.values() for x in (m + ["", ""] if m else [])]
        text = "\n".join(list(head) + members + func)
        imps = imports_for(text, fw)
        if extra_import:
            imps += ["", extra_import]
        out = imps + ["", ""] + list(head) + members + func
        while out and out[0] == "":
            out.pop(0)
        return "\n".join(out) + "\n"

    def wrap(self, case_id, cat, fw, param, src, body, code, helper_import):
        fn = "case_python_" + case_id[-4:]
        if fw == "flask":
            head = ["app = Flask(__name__)", "", ""]
            deco = [f'@app.route("/python/{cat}/{case_id}", methods=["GET", "POST"])', f"def {fn}():"]
        elif fw == "django":
            head = []
            deco = [f"def {fn}(request):"]
        else:
            head = ["app = FastAPI()", "", ""]
            route = f"/python/{cat}/{case_id}" + ("/{raw}" if src.endswith(":path") else "")
            verb = "post" if src.endswith(":form") else "get"
            deco = [f'@app.{verb}("{route}")', f"def {fn}({param}):"]
        return self.module(code, deco + indent(body, 1), fw, helper_import, head)
