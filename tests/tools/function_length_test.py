#!/usr/bin/env python3
"""tools/check-function-length on small C++ sources made to trip it."""
import importlib.machinery
import importlib.util
import os
import sys
import tempfile
import unittest

SOURCE = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
loader = importlib.machinery.SourceFileLoader("checker", os.path.join(SOURCE, "tools", "check-function-length"))
spec = importlib.util.spec_from_loader("checker", loader)
checker = importlib.util.module_from_spec(spec)
loader.exec_module(checker)


def body(lines):
    return "".join(f"  x += {k};\n" for k in range(lines))


def found(code):
    return [(start, end, name) for start, end, name in checker.functions(checker.blank(code))]


def problems(code, limit=80):
    with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
        f.write(code)
    try:
        return checker.check(f.name, limit)
    finally:
        os.unlink(f.name)


class FunctionLength(unittest.TestCase):
    def test_eighty_lines_pass_and_eighty_one_do_not(self):
        self.assertEqual(problems("int f(int x) {\n" + body(78) + "}\n"), [])
        (p,) = problems("int f(int x) {\n" + body(79) + "}\n")
        self.assertIn(":1: function f is 81 lines (at most 80)", p)

    def test_multi_line_signature_counts_from_its_first_line(self):
        code = "namespace a {\nstatic std::vector<int>\nlong_name(int x,\n          int y) const noexcept {\n  return {};\n}\n}\n"
        self.assertEqual(found(code), [(2, 6, "long_name")])

    def test_members_in_and_out_of_class_constructors_and_initialisers(self):
        code = ("class C : public B {\n public:\n  C(int a) : a_(a), b_{a} {\n    go();\n  }\n"
                "  int get() const override { return a_; }\n private:\n  int a_{0};\n};\n"
                "C::~C() {\n}\nauto C::f() -> int {\n  return 1;\n}\n")
        self.assertEqual([f[2] for f in found(code)], ["C", "get", "C::~C", "C::f"])
        self.assertEqual(found(code)[0][:2], (3, 5))

    def test_lambdas_count_toward_their_function(self):
        code = "void f() {\n  auto g = [&](int k) {\n    return k;\n  };\n  g(1);\n}\n"
        self.assertEqual(found(code), [(1, 6, "f")])
        code = "S::S() : h_(make([](int a) { return a; })) {\n  go();\n}\n"
        self.assertEqual(found(code), [(1, 3, "S::S")])

    def test_tables_enums_structs_and_control_statements_are_not_functions(self):
        code = ("constexpr std::array<int, 2> kT = {{\n  {1}, {2}}};\nenum class E { kA, kB };\nstruct P { int x; };\n"
                "namespace { extern \"C\" { int g(); } }\n")
        self.assertEqual(found(code), [])

    def test_braces_in_comments_and_strings_are_ignored(self):
        code = ('void f() {\n  // }\n  const char* s = "}{";\n  char c = \'}\';\n  auto r = R"x(}})x";\n  /* { */\n}\n'
                "int g() { return 1'000; }\n")
        self.assertEqual(found(code), [(1, 7, "f"), (8, 8, "g")])

    def test_a_declared_table_is_skipped(self):
        long = "Spec build() {\n" + body(90) + "}\n"
        self.assertEqual(len(problems(long)), 1)
        self.assertEqual(problems("// icsim:table\n" + long), [])

    def test_the_limit_can_be_changed(self):
        self.assertEqual(len(problems("void f() {\n" + body(10) + "}\n", limit=10)), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
