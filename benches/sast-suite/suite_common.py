"""What the language modules of the suite share: the flow shapes, the per-category
constants, and a small accumulator of imports and module- or class-level definitions."""
import json

# Flow shapes: each exists in a form where the request value reaches the sink and a
# look-alike where a constant does (a dead branch, a removed list element, another key).
FLOW = ["constif", "constif_false", "constternary", "switch", "listremove", "mapkey",
        "overwrite"]
# Reasons that rewrite the value before the sink (and so can live in a helper file).
TRANSFORMS = {"intcast", "allowlist", "escape", "escape2", "escape3", "basename",
              "confine", "quote", "lookup"}

# Conditions that are constant, with their value, for num = 86.
CONDITIONS = [("(7 * 42) - num > 200", True), ("num * 2 < 150", False),
              ("num % 5 == 1", True), ("num / 4 > 30", False), ("(num + 14) * 3 == 300", True),
              ("num - 100 > 0", False)]

# The name of the request input per category, the constants a safe twin falls back to.
INPUT = {"sqli": "username", "cmdi": "host", "pathtraver": "file", "xss": "nickname",
         "ssrf": "endpoint", "redirect": "next", "deserialization": "state",
         "weakrand": "account", "hash": "password", "crypto": "note"}
COLD = {"sqli": ("guest", "nobody"), "cmdi": ("localhost", "example.org"),
        "pathtraver": ("readme.txt", "terms.txt"), "xss": ("visitor", "friend"),
        "ssrf": ("https://status.example.com", "https://api.example.com"),
        "redirect": ("/home", "/account"), "weakrand": ("member", "user"),
        "hash": ("changeme", "placeholder"), "crypto": ("nothing", "empty")}
ALLOWED = {"sqli": ["alice", "bob", "carol"], "cmdi": ["localhost", "example.org"],
           "pathtraver": ["readme.txt", "terms.txt", "privacy.txt"],
           "xss": ["visitor", "friend", "member"],
           "ssrf": ["https://status.example.com", "https://api.example.com"],
           "redirect": ["/home", "/account", "/orders"]}
LOOKUP = {"ssrf": {"eu": "https://eu.api.example.com", "us": "https://us.api.example.com"},
          "redirect": {"home": "/home", "orders": "/orders", "help": "/help"}}
# How the sink's string is put together around the value: prefix and suffix.
AROUND = {"sqli": ("SELECT id, email FROM accounts WHERE username = '", "'"),
          "cmdi": ("ping -c 1 ", ""), "pathtraver": ("/srv/app/uploads/", ""),
          "xss": ("<p>Hello, ", "</p>"), "ssrf": ("", "/api/health"),
          "redirect": ("", "?welcome=1")}
SQL_PARAM = "SELECT id, email FROM accounts WHERE username = "
SQL_UPDATE = ("UPDATE accounts SET last_seen = CURRENT_TIMESTAMP WHERE username = '", "'")
PINGED = ["ping", "-c", "1", "--"]


def lit(s):
    """A double-quoted string literal (valid in Java, JavaScript, Go and Python)."""
    return json.dumps(s)


def pieces(pre, suf):
    """The literal prefix, the value and the literal suffix, leaving out empty literals."""
    return ([lit(pre)] if pre else []) + ["val"] + ([lit(suf)] if suf else [])


def flow_picks(reason, index, tainted, hot, cold, cold2):
    """The expressions a flow shape places where: returns a dict of slot -> expression."""
    if reason in ("constif", "constif_false", "constternary"):
        want = reason != "constif_false"
        conds = [c for c in CONDITIONS if c[1] == want]
        cond = conds[index % len(conds)][0]
        taken, dead = (hot, cold) if tainted else (cold, hot)
        return {"cond": cond, "then": taken, "else": dead} if want else \
            {"cond": cond, "then": dead, "else": taken}
    if reason == "switch":
        return {"c1": cold2 if tainted else hot, "c2": hot if tainted else cold, "c3": cold2}
    if reason == "listremove":
        return {"idx": "0" if tainted else "1"}
    if reason == "mapkey":
        return {"key": "second" if tainted else "first"}
    if reason == "overwrite":
        return {"first": cold if tainted else hot, "last": hot if tainted else cold}
    raise ValueError(reason)


class Code:
    """Imports and top-level definitions one file needs, in first-use order."""

    def __init__(self):
        self.imports = {}
        self.members = {}

    def imp(self, *names):
        for n in names:
            self.imports[n] = None

    def member(self, key, text):
        self.members.setdefault(key, text)


def reindent(lines, unit):
    """Lines written with four-space steps, re-indented with `unit` per step."""
    out = []
    for line in lines:
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        out.append(unit * depth + stripped if stripped else "")
    return out


def indent(lines, depth, unit="    "):
    return [unit * depth + x if x else "" for x in lines]
