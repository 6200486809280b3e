/// Go's `eq`, `ne`, `lt`, `le`, `gt` and `ge` for template values: only basic kinds (bool, integer, float,
/// string) compare, and only with the same kind; an integer never equals a float (Go reports "incompatible types
/// for comparison"); nil equals only nil.
enum ValueComparison {
    private enum Kind {
        case bool, integer, float, string, other
    }

    private static func kind(_ value: TemplateValue) -> Kind {
        switch value {
        case .bool: .bool
        case .integer: .integer
        case .double: .float
        case .string: .string
        default: .other
        }
    }

    /// `eq a b c...`: whether `first` equals any of `others`.
    static func equals(_ first: TemplateValue, anyOf others: [TemplateValue]) throws(TemplateFunctionError) -> Bool {
        guard !others.isEmpty else { throw TemplateFunctionError(.failed("missing argument for comparison")) }
        for other in others {
            if case .nil = first {
                if case .nil = other { return true }
                continue
            }
            if case .nil = other { continue }
            let leftKind = kind(first)
            let rightKind = kind(other)
            if leftKind == .other || rightKind == .other {
                if leftKind == rightKind {
                    throw TemplateFunctionError(.failed("non-comparable type \(first.typeName)"))
                }
                throw TemplateFunctionError(.failed("incompatible types for comparison"))
            }
            guard leftKind == rightKind else {
                throw TemplateFunctionError(.failed("incompatible types for comparison"))
            }
            if case .string(let left) = first, case .string(let right) = other {
                // Go compares bytes; Swift's == would equate canonically equivalent texts ("é" and "e\u{301}").
                if left.utf8.elementsEqual(right.utf8) { return true }
            } else if first == other {
                return true
            }
        }
        return false
    }

    /// `lt a b`.
    static func less(_ left: TemplateValue, _ right: TemplateValue) throws(TemplateFunctionError) -> Bool {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return a < b
        case (.double(let a), .double(let b)): return a < b
        case (.string(let a), .string(let b)): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        default:
            let leftKind = kind(left)
            let rightKind = kind(right)
            if leftKind == .other || rightKind == .other || leftKind == rightKind {
                throw TemplateFunctionError(.failed("invalid type for comparison"))
            }
            throw TemplateFunctionError(.failed("incompatible types for comparison"))
        }
    }
}
