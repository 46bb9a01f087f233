"""JavaScript cases (Express) and TypeScript cases (Express and NestJS)."""
import re

from suite_common import (ALLOWED, AROUND, COLD, FLOW, INPUT, LOOKUP, PINGED, SQL_UPDATE,
                          TRANSFORMS, Code, flow_picks, indent, lit, pieces, reindent)

SINKS = {
    "sqli": ["mysql2", "pg", "sequelize", "knex", "mysql2_execute", "pg_update"],
    "cmdi": ["exec", "exec_sync", "spawn_sh", "spawn_sync"],
    "pathtraver": ["read_sync", "read_promise", "send_file", "read_stream", "write_sync"],
    "xss": ["send", "write_end", "end", "status_send", "type_send"],
    "ssrf": ["axios", "fetch", "http_get", "got"],
    "redirect": ["redirect", "redirect_status", "location", "set_header", "write_head"],
    "deserialization": ["node_serialize", "js_yaml"],
    "weakrand": ["otp", "token", "sid", "pin", "nonce"],
    "hash": ["md5_hex", "sha1_hex", "md5_update", "sha1_base64"],
    "crypto": ["des", "3des", "bf", "rc4", "aes_ecb", "aes128_ecb"],
}
FORMS = {"mysql2": "param", "pg": "param", "sequelize": "param", "knex": "param",
         "mysql2_execute": "param", "pg_update": "param", "send_file": "root",
         "node_serialize": "json", "js_yaml": "safeload"}
HASH = {"md5_hex": ("md5", "sha256"), "sha1_hex": ("sha1", "sha512"),
        "md5_update": ("md5", "sha256"), "sha1_base64": ("sha1", "sha384")}
CRYPTO = {"des": ("des-cbc", 8, 8), "3des": ("des-ede3-cbc", 24, 8), "bf": ("bf-cbc", 16, 8),
          "rc4": ("rc4", 16, 0), "aes_ecb": ("aes-256-ecb", 32, 0), "aes128_ecb": ("aes-128-ecb", 16, 0)}
DESER_COLD = {"node_serialize": '{"theme":"dark"}', "js_yaml": "theme: dark"}
# Module name -> (names it gives, CommonJS line, ES module line); a name counts as used
# when the code mentions it.
DEPS = [
    ("mysql2", "mysql", 'const mysql = require("mysql2/promise");', 'import mysql from "mysql2/promise";'),
    ("pg", "Pool", 'const { Pool } = require("pg");', 'import { Pool } from "pg";'),
    ("sequelize", "Sequelize", 'const { Sequelize, QueryTypes } = require("sequelize");',
     'import { Sequelize, QueryTypes } from "sequelize";'),
    ("knex", "knex", 'const knex = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });',
     'import knexFactory from "knex";\n\n'
     'const knex = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });'),
    ("child_process", None, None, None),
    ("fs", "fs", 'const fs = require("fs");', 'import * as fs from "fs";'),
    ("path", "path", 'const path = require("path");', 'import * as path from "path";'),
    ("axios", "axios", 'const axios = require("axios");', 'import axios from "axios";'),
    ("http", "http", 'const http = require("http");', 'import * as http from "http";'),
    ("got", "got", 'const got = require("got");', 'import got from "got";'),
    ("escape-html", "escapeHtml", 'const escapeHtml = require("escape-html");',
     'import escapeHtml from "escape-html";'),
    ("he", "he", 'const he = require("he");', 'import he from "he";'),
    ("validator", "validator", 'const validator = require("validator");', 'import validator from "validator";'),
    ("node-serialize", "serialize", 'const serialize = require("node-serialize");',
     'import * as serialize from "node-serialize";'),
    ("js-yaml", "yaml", 'const yaml = require("js-yaml");', 'import * as yaml from "js-yaml";'),
    ("crypto", "crypto", 'const crypto = require("crypto");', 'import * as crypto from "crypto";'),
]
CHILD = ["exec", "execSync", "execFile", "execFileSync", "spawn", "spawnSync"]
SETUP = {"mysql": "const pool = mysql.createPool(process.env.DATABASE_URL);",
         "Pool": "const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
         "Sequelize": "const sequelize = new Sequelize(process.env.DATABASE_URL);"}


class Js:
    def __init__(self, typescript):
        self.ts = typescript
        self.name = "typescript" if typescript else "javascript"
        self.ext = "ts" if typescript else "js"
        self.prefix = "CaseTs" if typescript else "CaseJs"

    def case_id(self, n):
        return f"{self.prefix}{n:04d}"

    def options(self, cat):
        builds = ["concat", "template", "join", "array_join"]
        if cat in ("ssrf", "redirect"):
            builds = ["direct", "concat", "template"]
        reasons = {
            "sqli": FLOW + ["param", "intcast", "param", "allowlist"],
            "cmdi": FLOW + ["argv", "intcast", "allowlist"],
            "pathtraver": FLOW + ["confine", "basename", "root", "allowlist", "intcast"],
            "xss": FLOW + ["escape", "escape2", "escape3", "intcast", "allowlist"],
            "ssrf": FLOW + ["lookup", "allowlist", "intcast"],
            "redirect": FLOW + ["lookup", "allowlist", "intcast"],
            "deserialization": FLOW + ["json", "safeload"],
            "weakrand": ["api"],
            "hash": FLOW + ["api"],
            "crypto": FLOW + ["api"],
        }[cat]
        if self.ts:
            sources = ["express:query", "express:params", "express:body", "nest:query", "nest:param",
                       "nest:body", "nest:headers"]
        else:
            sources = ["express:query", "express:params", "express:body", "express:header",
                       "express:cookie", "express:get"]
        props = ["direct", "helper", "array", "object", "map", "field", "ternary", "loop", "destructure"]
        return {"sources": sources, "props": props, "sinks": SINKS[cat], "reasons": reasons,
                "builds": builds}

    def supports(self, cat, sink, reason, fw):
        if cat == "crypto" and reason in FLOW:
            return sink == "aes_ecb"
        if reason in FLOW or reason in TRANSFORMS or reason == "api":
            return True
        return FORMS.get(sink) == reason or (reason == "argv" and cat == "cmdi")

    def two_file_ok(self, cat, reason):
        return cat not in ("weakrand", "hash", "crypto") and (reason in FLOW or reason in TRANSFORMS)

    @property
    def s(self):  # the string annotation, in TypeScript
        return ": string" if self.ts else ""

    def source(self, src, cat):
        fw, kind = src.split(":")
        name = INPUT[cat]
        if fw == "nest":
            dec = {"query": f'@Query("{name}")', "param": f'@Param("{name}")', "body": f'@Body("{name}")',
                   "headers": '@Headers("x-client-ref")'}[kind]
            return f"{dec} raw: string", []
        cast = " as string" if self.ts else ""
        expr = {"query": f"req.query.{name}{cast}", "params": f"req.params.{name}",
                "body": f"req.body.{name}{cast}", "header": 'req.headers["x-client-ref"]',
                "cookie": f"req.cookies.{name}", "get": 'req.get("X-Client-Ref")'}[kind]
        return None, [f"const raw{self.s} = {expr};"]

    def prop(self, kind, code):
        s = self.s
        if kind == "direct":
            return [f"let val{s} = raw;"]
        if kind == "helper":
            code.member("tidy", [f"function tidy(text{s}){s} {{", '    return text ? String(text).trim() : "";', "}"])
            return [f"let val{s} = tidy(raw);"]
        if kind == "array":
            return [f"const parts{': string[]' if self.ts else ''} = [];", "parts.push(raw);",
                    f"let val{s} = parts[0];"]
        if kind == "object":
            return ["const fields = { entry: raw };", f"let val{s} = fields.entry;"]
        if kind == "map":
            gen = "<string, string>" if self.ts else ""
            tail = ' ?? ""' if self.ts else ""
            return [f"const fields = new Map{gen}();", 'fields.set("entry", raw);',
                    f'let val{s} = fields.get("entry"){tail};']
        if kind == "field":
            if self.ts:
                code.member("holder", ["class Holder {", "    constructor(readonly text: string) {}", "}"])
            else:
                code.member("holder", ["class Holder {", "    constructor(text) {", "        this.text = text;",
                                       "    }", "}"])
            return ["const holder = new Holder(raw);", f"let val{s} = holder.text;"]
        if kind == "ternary":
            return [f'let val{s} = raw && raw.length > 0 ? raw : "none";']
        if kind == "loop":
            return [f"const pieces{': string[]' if self.ts else ''} = [];",
                    'for (const piece of raw.split(",")) {', "    pieces.push(piece.trim());", "}",
                    f'let val{s} = pieces.join("");']
        if kind == "destructure":
            return ['const [, second] = ["first", raw];', f"let val{s} = second;"]
        raise ValueError(kind)

    def flow(self, reason, index, tainted, hot, cold, cold2, out):
        p = flow_picks(reason, index, tainted, hot, cold, cold2)
        s = self.s
        if reason in ("constif", "constif_false"):
            return ["const num = 86;", f"let {out}{s};", f"if ({p['cond']}) {{", f"    {out} = {p['then']};",
                    "} else {", f"    {out} = {p['else']};", "}"]
        if reason == "constternary":
            return ["const num = 86;", f"let {out}{s} = {p['cond']} ? {p['then']} : {p['else']};"]
        if reason == "switch":
            return ['const pick = "ABC".charAt(1);', f"let {out}{s};", "switch (pick) {", '    case "A":',
                    f"        {out} = {p['c1']};", "        break;", '    case "B":',
                    f"        {out} = {p['c2']};", "        break;", "    default:",
                    f"        {out} = {p['c3']};", "}"]
        if reason == "listremove":
            return [f"const items = [{cold}, {hot}, {cold2}];", "items.shift();",
                    f"let {out}{s} = items[{p['idx']}];"]
        if reason == "mapkey":
            gen = "<string, string>" if self.ts else ""
            tail = ' ?? ""' if self.ts else ""
            return [f"const slots = new Map{gen}();", f'slots.set("first", {cold});', f'slots.set("second", {hot});',
                    f'let {out}{s} = slots.get("{p["key"]}"){tail};']
        if reason == "overwrite":
            return [f"let {out}{s} = {p['first']};", f"{out} = {p['last']};"]
        raise ValueError(reason)

    def transform(self, reason, cat, safe, code):
        if reason == "intcast":
            return ["val = String(parseInt(val, 10));" if safe else "val = String(val).trim();"]
        if reason == "allowlist":
            code.member("allowed", ["const ALLOWED = new Set([" + ", ".join(lit(x) for x in ALLOWED[cat]) + "]);"])
            first = lit(ALLOWED[cat][0])
            return [f"val = ALLOWED.has(val) ? val : {first};" if safe else f"val = val ? val : {first};"]
        if reason == "lookup":
            gen = "<string, string>" if self.ts else ""
            code.member("lookup", [f"const TARGETS = new Map{gen}(["] +
                        [f"    [{lit(k)}, {lit(v)}]," for k, v in LOOKUP[cat].items()] + ["]);"])
            first = lit(next(iter(LOOKUP[cat].values())))
            return [f"val = TARGETS.get(val) ?? {first};" if safe else "val = TARGETS.get(val) ?? val;"]
        if reason.startswith("escape"):
            if not safe:
                return ["val = val.trim();"]
            return [{"escape": "val = escapeHtml(val);", "escape2": "val = he.encode(val);",
                     "escape3": "val = validator.escape(val);"}[reason]]
        if reason == "basename":
            return ["val = path.basename(val);" if safe else "val = path.normalize(val);"]
        if reason == "confine":
            joined = "path.resolve(base, val)" if safe else 'base + "/" + val'
            return ['const base = path.resolve("/srv/app/uploads");', f"const resolved = {joined};",
                    "if (!resolved.startsWith(base + path.sep)) {",
                    '    throw new Error("outside the upload folder");', "}"]
        raise ValueError(reason)

    def build(self, kind, pre, suf, out):
        if kind == "direct":
            return [f"const {out} = val;"]
        if kind == "concat":
            parts = ([lit(pre)] if pre else []) + ["val"] + ([lit(suf)] if suf else [])
            return [f"const {out} = {' + '.join(parts)};"]
        if kind == "template":
            esc = lambda t: t.replace("`", "\\`")  # noqa: E731
            return [f"const {out} = `{esc(pre)}${{val}}{esc(suf)}`;"]
        if kind == "join":
            return [f'const {out} = "".concat({", ".join(pieces(pre, suf))});']
        if kind == "array_join":
            return [f'const {out} = [{", ".join(pieces(pre, suf))}].join("");']
        raise ValueError(kind)

    def sink(self, cat, sink, build, form, code):
        if cat == "sqli":
            update = sink == "pg_update"
            pre, suf = SQL_UPDATE if update else AROUND["sqli"]
            mark = "$1" if sink.startswith("pg") else ":name" if sink == "sequelize" else "?"
            q = lit(pre.rstrip("'") + mark)
            lines = [] if form else self.build(build, pre, suf, "query")
            if sink in ("mysql2", "mysql2_execute"):
                code.member("setup-db", [SETUP["mysql"]])
                fn = "query" if sink == "mysql2" else "execute"
                call = f"pool.{fn}({q}, [val])" if form else f"pool.{fn}(query)"
                return lines + [f"const [rows] = await {call};", "res.send(String(rows.length));"] \
                    if not self.ts else lines + [f"const [rows] = await {call};",
                                                 "res.send(String((rows as unknown[]).length));"]
            if sink.startswith("pg"):
                code.member("setup-db", [SETUP["Pool"]])
                call = f"pool.query({q}, [val])" if form else "pool.query(query)"
                return lines + [f"const result = await {call};", "res.send(String(result.rowCount));"]
            if sink == "sequelize":
                code.member("setup-db", [SETUP["Sequelize"]])
                call = (f"sequelize.query({q}, {{ replacements: {{ name: val }}, type: QueryTypes.SELECT }})"
                        if form else "sequelize.query(query, { type: QueryTypes.SELECT })")
                return lines + [f"const rows = await {call};", "res.send(String(rows.length));"]
            call = f"knex.raw({q}, [val])" if form else "knex.raw(query)"
            return lines + [f"const result = await {call};", "res.send(String(result.rows.length));"]
        if cat == "cmdi":
            argv = "[" + ", ".join(lit(x) for x in PINGED[1:]) + ", val]"
            lines = [] if form else self.build(build, *AROUND["cmdi"], "command")
            if sink == "exec":
                call = f'execFile("ping", {argv}, (err, stdout) => {{' if form else \
                    "exec(command, (err, stdout) => {"
                if self.ts:
                    call = call.replace("(err, stdout)", "(err: Error | null, stdout: string)")
                return lines + [call, "    res.send(String(stdout.length));", "});"]
            if sink == "exec_sync":
                call = f'execFileSync("ping", {argv})' if form else "execSync(command)"
                return lines + [f"const output = {call};", "res.send(String(output.length));"]
            if sink == "spawn_sh":
                call = f'spawn("ping", {argv})' if form else 'spawn("sh", ["-c", command])'
                return lines + [f"const child = {call};", 'child.on("close", (status) => {'.replace(
                    "(status)", "(status: number)" if self.ts else "(status)"),
                    "    res.send(String(status));", "});"]
            call = f'spawnSync("ping", {argv})' if form else "spawnSync(command, { shell: true })"
            return lines + [f"const result = {call};", "res.send(String(result.status));"]
        if cat == "pathtraver":
            lines = [] if form else self.build(build, *AROUND["pathtraver"], "location")
            if sink == "read_sync":
                return lines + ["const data = fs.readFileSync(location);", "res.send(String(data.length));"]
            if sink == "read_promise":
                return lines + ['const data = await fs.promises.readFile(location, "utf8");',
                                "res.send(String(data.length));"]
            if sink == "send_file":
                if form:
                    return ['res.sendFile(val, { root: "/srv/app/uploads" });']
                return lines + ["res.sendFile(location);"]
            if sink == "read_stream":
                return lines + ["fs.createReadStream(location).pipe(res);"]
            return lines + ['fs.writeFileSync(location, "uploaded");', 'res.send("stored");']
        if cat == "xss":
            lines = self.build(build, *AROUND["xss"], "page")
            return lines + {"send": ["res.send(page);"], "write_end": ['res.setHeader("Content-Type", "text/html");',
                                                                      "res.write(page);", "res.end();"],
                            "end": ['res.setHeader("Content-Type", "text/html");', "res.end(page);"],
                            "status_send": ["res.status(200).send(page);"],
                            "type_send": ['res.type("html").send(page);']}[sink]
        if cat == "ssrf":
            lines = self.build(build, *AROUND["ssrf"], "address")
            if sink == "axios":
                return lines + ["const reply = await axios.get(address);", "res.send(String(reply.status));"]
            if sink == "fetch":
                return lines + ["const reply = await fetch(address);", "res.send(String(reply.status));"]
            if sink == "got":
                return lines + ["const reply = await got(address);", "res.send(String(reply.statusCode));"]
            return lines + ["http.get(address, (reply) => {".replace("(reply)", "(reply: http.IncomingMessage)"
                                                                       if self.ts else "(reply)"),
                            "    res.send(String(reply.statusCode));", "});"]
        if cat == "redirect":
            lines = self.build(build, *AROUND["redirect"], "target")
            return lines + {"redirect": ["res.redirect(target);"], "redirect_status": ["res.redirect(302, target);"],
                            "location": ["res.location(target);", "res.status(302).end();"],
                            "set_header": ['res.set("Location", target);', "res.sendStatus(302);"],
                            "write_head": ["res.writeHead(302, { Location: target });", "res.end();"]}[sink]
        if cat == "deserialization":
            if sink == "node_serialize":
                call = "JSON.parse(val)" if form else "serialize.unserialize(val)"
            else:
                call = "yaml.safeLoad(val)" if form else "yaml.load(val, { schema: yaml.DEFAULT_FULL_SCHEMA })"
            return [f"const state = {call};", "res.send(typeof state);"]
        raise ValueError(cat)

    def api(self, cat, sink, safe, alg, code):
        if cat == "weakrand":
            code.member("issued", ["const issued = new Map();" if not self.ts
                                   else "const issued = new Map<string, string>();"])
            var, weak, strong = {
                "otp": ("otp", "String(Math.floor(Math.random() * 900000) + 100000)",
                        "String(crypto.randomInt(100000, 1000000))"),
                "token": ("token", "Math.random().toString(36).slice(2)", 'crypto.randomBytes(16).toString("hex")'),
                "sid": ("sessionId", "Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2)",
                        "crypto.randomUUID()"),
                "pin": ("pin", 'String(Math.floor(Math.random() * 10000)).padStart(4, "0")',
                        'String(crypto.randomInt(10000)).padStart(4, "0")'),
                "nonce": ("nonce", "Date.now().toString(36) + Math.random().toString(36).slice(2)",
                          'Date.now().toString(36) + crypto.randomBytes(8).toString("hex")'),
            }[sink]
            return [f"const {var} = {strong if safe else weak};", f"issued.set(val, {var});", 'res.send("sent");']
        if cat == "hash":
            weak, strong = HASH[sink]
            name = alg or lit(strong if safe else weak)
            enc = "base64" if sink == "sha1_base64" else "hex"
            if sink == "md5_update":
                return [f"const hash = crypto.createHash({name});", "hash.update(val);",
                        f'const signature = hash.digest("{enc}");', "res.send(String(signature.length));"]
            return [f'const signature = crypto.createHash({name}).update(val).digest("{enc}");',
                    "res.send(String(signature.length));"]
        if cat == "crypto":
            name, size, ivlen = CRYPTO[sink]
            if safe:
                name, size, ivlen = "aes-256-gcm", 32, 12
            if alg:
                name, size, ivlen = None, 32, 12
            iv = f"crypto.randomBytes({ivlen})" if ivlen else "null"
            return [f"const key = crypto.randomBytes({size});", f"const iv = {iv};",
                    f"const cipher = crypto.createCipheriv({alg or lit(name)}, key, iv);",
                    'const sealed = Buffer.concat([cipher.update(val, "utf8"), cipher.final()]);',
                    'res.send(sealed.toString("base64"));']
        raise ValueError(cat)

    def render(self, case_id, cat, pair, vulnerable):
        code = Code()
        reason, fw = pair["reason"], pair["fw"]
        param, src_lines = self.source(pair["source"], cat)
        safe = not vulnerable
        files = {}
        helper_name = None
        if cat in ("weakrand", "hash", "crypto"):
            alg = None
            prep = self.prop(pair["prop"], code)
            if reason in FLOW:
                if cat == "hash":
                    hot, cold, cold2 = lit(HASH[pair["sink"]][0]), lit("sha256"), lit("sha512")
                else:
                    hot, cold, cold2 = lit("aes-256-ecb"), lit("aes-256-gcm"), lit("aes-256-gcm")
                prep += self.flow(reason, pair["index"], vulnerable, hot, cold, cold2, "alg")
                alg = "alg"
            body = src_lines + prep + self.api(cat, pair["sink"], safe, alg, code)
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
                prep = prep + self.transform(reason, cat, safe, helper)
            elif reason not in FLOW:
                form = reason if safe else None
            if pair["two_file"]:
                helper_name = f"{case_id}Util"
                func = [f"function prepare(raw{self.s}){self.s} {{"] + indent(prep + ["return val;"], 1) + ["}"]
                if self.ts:
                    func[0] = "export " + func[0]
                    tail = []
                else:
                    tail = ["", "module.exports = { prepare };"]
                files[f"{helper_name}.{self.ext}"] = self.module(helper, func + tail)
                prep = [f"let val{self.s} = prepare(raw);"]
            body = src_lines + prep + self.sink(cat, pair["sink"], pair["build"], form, code)
        main = self.wrap(case_id, cat, fw, param, pair["source"], body, code, helper_name)
        return {f"{case_id}.{self.ext}": main, **files}

    def imports(self, text, helper_name=None):
        out = []
        for mod, name, cjs, esm in DEPS:
            if mod == "child_process":
                names = [n for n in CHILD if re.search(r"(?<![\w.])%s\(" % n, text)]
                if names:
                    joined = ", ".join(names)
                    out.append(f'import {{ {joined} }} from "child_process";' if self.ts
                               else f'const {{ {joined} }} = require("child_process");')
                continue
            if re.search(r"(?<![\w.])%s(?=[.(])" % re.escape(name), text):
                out.append(esm if self.ts else cjs)
        if helper_name:
            out.append(f'import {{ prepare }} from "./{helper_name}";' if self.ts
                       else f'const {{ prepare }} = require("./{helper_name}");')
        return out

    def module(self, code, func, head=(), helper_name=None, lead=()):
        members = [x for m in code.members.values() for x in m + [""]]
        text = "\n".join(list(head) + members + func)
        imps = list(lead) + self.imports(text, helper_name)
        out = ([] if self.ts else ['"use strict";', ""]) + imps + [""] + list(head) + members + func
        tidy = []
        for line in out:
            if line == "" and (not tidy or tidy[-1] == ""):
                continue
            tidy.append(line)
        return "\n".join(reindent(tidy, "  ")) + "\n"

    def wrap(self, case_id, cat, fw, param, src, body, code, helper_name):
        route = f"/{self.name}/{cat}/{case_id}"
        if fw == "nest":
            decs = sorted({"Controller", "Post", "Res", re.match(r"@(\w+)", param).group(1)})
            lead = [f'import {{ {", ".join(decs)} }} from "@nestjs/common";', 'import { Response } from "express";']
            func = ["", f'@Controller("{self.name}/{cat}")', f"export class {case_id}Controller {{",
                    f'    @Post("{case_id}")',
                    f"    async handle({param}, @Res() res: Response): Promise<void> {{"]
            func += indent(body, 2) + ["    }", "}"]
            return self.module(code, func, (), helper_name, lead)
        if src.endswith(":params"):
            route += f"/:{INPUT[cat]}"
        if self.ts:
            lead = ['import express, { Request, Response } from "express";']
            func = ["export const router = express.Router();", "",
                    f'router.post("{route}", async (req: Request, res: Response) => {{'] + indent(body, 1) + ["});"]
        else:
            lead = ['const express = require("express");']
            func = ["const router = express.Router();", "",
                    f'router.post("{route}", async (req, res) => {{'] + indent(body, 1) + ["});", "",
                                                                                          "module.exports = router;"]
        return self.module(code, [""] + func if code.members else func, (), helper_name, lead)
