//! Walking spargebra's expressions: the one list of which operands each kind has, for
//! the readers that look through a query (its bounds, the `SERVICE` allow-list, what an
//! update draft touches, the variables of a filter); and what a pattern is under its
//! row-by-row modifiers.

use spargebra::algebra::{Expression, GraphPattern};

/// `pattern` without the modifiers that keep or drop rows one at a time (projection,
/// `DISTINCT`, `REDUCED`, slices, bindings, filters): the operator that makes its rows.
pub fn under_row_modifiers(mut pattern: &GraphPattern) -> &GraphPattern {
    use GraphPattern as P;
    while let P::Project { inner, .. }
    | P::Distinct { inner }
    | P::Reduced { inner }
    | P::Slice { inner, .. }
    | P::Extend { inner, .. }
    | P::Filter { inner, .. } = pattern
    {
        pattern = inner;
    }
    pattern
}

/// Calls `f` on each direct operand of `expression`: none for a term, a variable or
/// `BOUND`, nor for `EXISTS`, whose pattern each caller reads in its own way.
pub fn for_each_operand<'a>(expression: &'a Expression, mut f: impl FnMut(&'a Expression)) {
    use Expression as E;
    match expression {
        E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) | E::Exists(_) => {}
        E::Or(a, b)
        | E::And(a, b)
        | E::Equal(a, b)
        | E::SameTerm(a, b)
        | E::Greater(a, b)
        | E::GreaterOrEqual(a, b)
        | E::Less(a, b)
        | E::LessOrEqual(a, b)
        | E::Add(a, b)
        | E::Subtract(a, b)
        | E::Multiply(a, b)
        | E::Divide(a, b) => {
            f(a);
            f(b);
        }
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => f(a),
        E::If(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
        E::In(a, list) => {
            f(a);
            list.iter().for_each(f);
        }
        E::Coalesce(list) | E::FunctionCall(_, list) => list.iter().for_each(f),
    }
}
