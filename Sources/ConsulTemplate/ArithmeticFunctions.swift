import GoTemplate

/// consul-template's arithmetic: `add`, `subtract`, `multiply`, `divide`, `modulo`, `minimum`, `maximum`.
///
/// Each takes its operands in pipe order: `{{ 10 | subtract 3 }}` and `subtract 3 10` are both 10 − 3. Two
/// integers give an integer (wrapping on overflow, as Go's do); an integer and a float give a float; `modulo`
/// takes integers only. Dividing an integer by zero is an error (Go panics, text/template reports it).
enum ArithmeticFunctions {
    /// The functions by name.
    static let functions: [String: TemplateFunction] = [
        "add": operation("add", integer: { a, b in a &+ b }, float: { a, b in a + b }),
        "subtract": operation("subtract", integer: { a, b in a &- b }, float: { a, b in a - b }),
        "multiply": operation("multiply", integer: { a, b in a &* b }, float: { a, b in a * b }),
        "divide": operation(
            "divide",
            integer: { a, b throws(TemplateFunctionError) in
                guard b != 0 else { throw TemplateFunctionError(.failed("runtime error: integer divide by zero")) }
                return a.dividedReportingOverflow(by: b).partialValue
            },
            float: { a, b in a / b }),
        "modulo": operation(
            "modulo",
            integer: { a, b throws(TemplateFunctionError) in
                guard b != 0 else { throw TemplateFunctionError(.failed("runtime error: integer divide by zero")) }
                return a.remainderReportingOverflow(dividingBy: b).partialValue
            },
            float: nil),
        "minimum": operation("minimum", integer: { a, b in min(a, b) }, float: { a, b in min(a, b) }),
        "maximum": operation("maximum", integer: { a, b in max(a, b) }, float: { a, b in max(a, b) }),
    ]

    /// A two-operand function: the call's arguments are (b, a) and the result is `a op b`.
    private static func operation(
        _ name: String,
        integer: @escaping @Sendable (Int, Int) throws(TemplateFunctionError) -> Int,
        float: (@Sendable (Double, Double) -> Double)?
    ) -> TemplateFunction {
        { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            let (b, a) = (arguments[0], arguments[1])
            switch (a, b) {
            case (.integer(let left), .integer(let right)):
                return .integer(try integer(left, right))
            case (.integer, .double), (.double, .integer), (.double, .double):
                if let float, let left = a.number, let right = b.number { return .double(float(left, right)) }
            default:
                break
            }
            let odd = a.number == nil ? a : b
            throw TemplateFunctionError(.failed("\(name): unknown type for \(odd.formatted) (\(odd.typeName))"))
        }
    }
}

extension TemplateValue {
    /// An integer or a float as a float; nil for every other kind.
    fileprivate var number: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }
}
