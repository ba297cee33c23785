"""
A small JMESPath, enough for the expressions Powertools' utilities take (event_key_jmespath, envelopes):
identifiers and dotted paths (`detail.paymentId`, `"quoted-name"`), index `[0]`, flatten `[]` and projection
`[*]` over lists, multiselect lists `[a, b]` and hashes `{a: a, b: b}`, and Powertools' own functions
`powertools_json(...)`, `powertools_base64(...)`, `powertools_base64_gzip(...)`. Anything else raises
ValueError naming the expression.
"""

import base64
import gzip
import json


class _Parser:
    def __init__(self, expression):
        self.text = expression
        self.position = 0

    def fail(self, why):
        raise ValueError("Unsupported or invalid JMESPath expression %r: %s" % (self.text, why))

    def peek(self):
        self.skip()
        return self.text[self.position] if self.position < len(self.text) else ""

    def skip(self):
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def take(self, char):
        if self.peek() != char:
            self.fail("expected %r at %d" % (char, self.position))
        self.position += 1

    def identifier(self):
        self.skip()
        if self.peek() == '"':
            end = self.text.index('"', self.position + 1)
            name = json.loads(self.text[self.position : end + 1])
            self.position = end + 1
            return name
        start = self.position
        while self.position < len(self.text) and (self.text[self.position].isalnum() or self.text[self.position] == "_"):
            self.position += 1
        if start == self.position:
            self.fail("expected a name at %d" % start)
        return self.text[start : self.position]

    def parse(self):
        node = self.expression()
        if self.peek():
            self.fail("unexpected %r at %d" % (self.peek(), self.position))
        return node

    def expression(self):
        node = self.primary()
        while True:
            char = self.peek()
            if char == ".":
                self.position += 1
                node = self.member(node)
            elif char == "[":
                node = self.bracket(node)
            elif char == "|":
                self.position += 1
                node = ("pipe", node, self.expression())
            else:
                return node

    def bracket(self, node):
        self.take("[")
        if self.peek() == "]":
            self.position += 1
            return ("flatten", node, self.rest())
        if self.peek() == "*":
            self.position += 1
            self.take("]")
            return ("project", node, self.rest())
        start = self.position
        while self.position < len(self.text) and (self.text[self.position].isdigit() or self.text[self.position] == "-"):
            self.position += 1
        if start == self.position:
            self.fail("only [n], [] and [*] are supported after a value")
        index = int(self.text[start : self.position])
        self.take("]")
        return ("index", node, index)

    def rest(self):
        """What follows a projection applies to each element."""
        node = ("current",)
        while True:
            char = self.peek()
            if char == ".":
                self.position += 1
                node = self.member(node)
            elif char == "[":
                node = self.bracket(node)
            else:
                return node

    def member(self, node):
        """What follows a dot: a name, a function of the value (`powertools_json(body)`), or a multiselect."""
        if self.peek() in ("{", "["):
            return ("pipe", node, self.primary())
        name = self.identifier()
        if self.peek() == "(":
            self.position += 1
            argument = self.expression()
            self.take(")")
            return ("pipe", node, ("call", name, argument))
        return ("field_of", node, name)

    def primary(self):
        char = self.peek()
        if char == "@":
            self.position += 1
            return ("current",)
        if char == "[":
            self.position += 1
            items = [self.expression()]
            while self.peek() == ",":
                self.position += 1
                items.append(self.expression())
            self.take("]")
            return ("list", items)
        if char == "{":
            self.position += 1
            pairs = []
            while True:
                key = self.identifier()
                self.take(":")
                pairs.append((key, self.expression()))
                if self.peek() == ",":
                    self.position += 1
                    continue
                break
            self.take("}")
            return ("hash", pairs)
        name = self.identifier()
        if self.peek() == "(":
            self.position += 1
            argument = self.expression()
            self.take(")")
            return ("call", name, argument)
        return ("field_of", ("current",), name)


def _evaluate(node, value):
    kind = node[0]
    if kind == "current":
        return value
    if kind == "field_of":
        base = _evaluate(node[1], value)
        return base.get(node[2]) if isinstance(base, dict) else None
    if kind == "index":
        base = _evaluate(node[1], value)
        if isinstance(base, list) and -len(base) <= node[2] < len(base):
            return base[node[2]]
        return None
    if kind in ("flatten", "project"):
        base = _evaluate(node[1], value)
        if not isinstance(base, list):
            return None
        if kind == "flatten":
            flat = []
            for item in base:
                flat.extend(item if isinstance(item, list) else [item])
            base = flat
        results = [_evaluate(node[2], item) for item in base]
        return [item for item in results if item is not None]
    if kind == "pipe":
        return _evaluate(node[2], _evaluate(node[1], value))
    if kind == "list":
        return None if value is None else [_evaluate(item, value) for item in node[1]]
    if kind == "hash":
        return None if value is None else {key: _evaluate(item, value) for key, item in node[1]}
    if kind == "call":
        argument = _evaluate(node[2], value)
        if node[1] == "powertools_json":
            return json.loads(argument)
        if node[1] == "powertools_base64":
            return base64.b64decode(argument).decode()
        if node[1] == "powertools_base64_gzip":
            return gzip.decompress(base64.b64decode(argument)).decode()
        raise ValueError("Unsupported JMESPath function %s()" % node[1])
    raise ValueError("Unsupported JMESPath node %r" % (kind,))


_compiled = {}


def search(expression, data):
    """The value `expression` selects in `data` (None when nothing matches)."""
    node = _compiled.get(expression)
    if node is None:
        node = _compiled[expression] = _Parser(expression).parse()
    return _evaluate(node, data)


def extract_data_from_envelope(data, envelope, jmespath_options=None):
    """Powertools' helper: the part of `data` the envelope expression selects."""
    return search(envelope, data)
