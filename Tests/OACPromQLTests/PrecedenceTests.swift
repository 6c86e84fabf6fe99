import Testing

@testable import OACPromQL

@Suite("Operator precedence and associativity")
struct PrecedenceTests {
    let a = sel("a"), b = sel("b"), c = sel("c"), d = sel("d")

    @Test("multiplication binds tighter than addition")
    func mulOverAdd() {
        #expect(mustParse("a + b * c") == bin(a, .add, bin(b, .mul, c)))
        #expect(mustParse("a * b + c") == bin(bin(a, .mul, b), .add, c))
        #expect(mustParse("a - b / c % d") == bin(a, .sub, bin(bin(b, .div, c), .mod, d)))
    }

    @Test("power is right associative and binds tightest")
    func power() {
        #expect(mustParse("a ^ b ^ c") == bin(a, .pow, bin(b, .pow, c)))
        #expect(mustParse("a * b ^ c") == bin(a, .mul, bin(b, .pow, c)))
        #expect(mustParse("2 ^ 3 ^ 2") == bin(.number(2), .pow, bin(.number(3), .pow, .number(2))))
    }

    @Test("unary minus binds like multiplication, below power")
    func unaryMinus() {
        #expect(mustParse("-a ^ b") == .unary(.minus, bin(a, .pow, b)))
        #expect(mustParse("-1 ^ 2") == .unary(.minus, bin(.number(1), .pow, .number(2))))
        #expect(mustParse("-a * b") == bin(.unary(.minus, a), .mul, b))
        #expect(mustParse("-a + b") == bin(.unary(.minus, a), .add, b))
        #expect(mustParse("a * -b") == bin(a, .mul, .unary(.minus, b)))
        #expect(mustParse("a ^ -b") == bin(a, .pow, .unary(.minus, b)))
        #expect(mustParse("1 - -1") == bin(.number(1), .sub, .number(-1)))
    }

    @Test("left associativity for + - * / % atan2 and comparisons")
    func leftAssociative() {
        #expect(mustParse("a - b - c") == bin(bin(a, .sub, b), .sub, c))
        #expect(mustParse("a / b / c") == bin(bin(a, .div, b), .div, c))
        #expect(mustParse("a atan2 b atan2 c") == bin(bin(a, .atan2, b), .atan2, c))
        #expect(mustParse("a atan2 b + c") == bin(bin(a, .atan2, b), .add, c))
        #expect(mustParse("a > b == bool c") == bin(bin(a, .gtr, b), .eql, c, bool: true))
    }

    @Test("comparisons bind tighter than and/unless, which bind tighter than or")
    func setOperators() {
        #expect(mustParse("a or b and c") == bin(a, .or, bin(b, .and, c)))
        #expect(mustParse("a and b or c") == bin(bin(a, .and, b), .or, c))
        #expect(mustParse("a unless b and c") == bin(bin(a, .unless, b), .and, c))
        #expect(mustParse("a > 1 and b < 2") == bin(bin(a, .gtr, .number(1)), .and, bin(b, .lss, .number(2))))
        #expect(mustParse("a + b > c") == bin(bin(a, .add, b), .gtr, c))
        #expect(mustParse("a or b or c") == bin(bin(a, .or, b), .or, c))
        #expect(mustParse("a OR b AND c") == mustParse("a or b and c"))
    }

    @Test("parentheses override precedence and are kept in the tree")
    func parens() {
        #expect(mustParse("(a + b) * c") == bin(.paren(bin(a, .add, b)), .mul, c))
        #expect(mustParse("((a))") == .paren(.paren(a)))
        #expect(mustParse("(a + b) * c").description == "(a + b) * c")
    }

    @Test("modifiers bind tighter than any operator")
    func modifiers() {
        #expect(mustParse("a + b offset 5m") == bin(a, .add, sel("b", offset: .minutes(5))))
        #expect(mustParse("-a offset 5m") == .unary(.minus, sel("a", offset: .minutes(5))))
    }

    @Test("the printer adds the parentheses a hand-built tree needs")
    func printerParens() {
        #expect(bin(bin(a, .add, b), .mul, c).description == "(a + b) * c")
        #expect(bin(a, .sub, bin(b, .sub, c)).description == "a - (b - c)")
        #expect(bin(bin(a, .pow, b), .pow, c).description == "(a ^ b) ^ c")
        #expect(bin(a, .pow, bin(b, .pow, c)).description == "a ^ b ^ c")
        #expect(bin(.unary(.minus, a), .pow, b).description == "(-a) ^ b")
        #expect(bin(.number(-1), .pow, .number(2)).description == "(-1) ^ 2")
        #expect(Expr.unary(.minus, bin(a, .add, b)).description == "-(a + b)")
        #expect(bin(a, .or, bin(b, .or, c)).description == "a or (b or c)")
        #expect(Expr.subquery(SubqueryExpr(expr: bin(a, .add, b), range: .hours(1))).description == "(a + b)[1h:]")
    }
}
