//! Cancellation that cancels: a query past its deadline stops within a bounded time.
//!
//! Oxigraph 0.5 (spareval 0.2) checks its `CancellationToken` only when it reads a quad
//! from the store (and when it interns a term), and reports it as an error value that
//! several operators *collect and carry on*: `GROUP BY`/aggregates, `ORDER BY`, hash and
//! cartesian join builds, and transitive closures (`p*`) gather errors in a vector and keep
//! consuming their input. Loops that work on materialized rows never read the store: a
//! cartesian product emits |build side| rows per quad read (a billion rows between two
//! checks for `?a ?b ?c . ?d ?e ?f . ?g ?h ?i` over the seeds), and the sort of `ORDER BY`
//! compares rows without any check. So a "cancelled" evaluation went on for minutes,
//! holding its permit and growing its memory (oxigraph/oxigraph#1336, #1871).
//!
//! maillage adds its own checkpoints to the query before evaluation, where rows multiply:
//! - the output of every join cluster (the largest tree of directly nested joins, so the
//!   optimizer still reorders inside it), of every `OPTIONAL`, of every basic graph pattern
//!   of two triples or more and of every property path, gets a filter
//!   `IF(mlg-alive(), mlg-alive(?every, ?variable), true)`: evaluated per row, it costs one
//!   call of a function of no argument (the `else` branch is a constant, the `then` branch is
//!   never taken: it is there so that the optimizer keeps the filter above the join, since a
//!   filter on no variable would be pushed down to the quad reads);
//! - the input of every `ORDER BY` is checked row by row as it is gathered (the sort of the
//!   gathered rows is not: a check per comparison doubled the cost of every `ORDER BY`), and
//!   so is the input of every `GROUP BY` when the caller asks for a prompt stop
//!   ([`instrument`]);
//! - a `*` or `+` path between two variables, which Oxigraph evaluates as one closure of the
//!   whole graph before giving any row (minutes of work with no checkpoint), is evaluated
//!   from each node in turn instead: `LATERAL` over the graph's nodes (subjects and
//!   objects, as the zero-length path takes them), the same rows, checked per row.
//!
//! The function checks the token; once cancelled it *unwinds* the evaluation
//! ([`std::panic::resume_unwind`], which runs no panic hook and prints nothing) with an
//! [`Aborted`] payload that the query runner catches: every buffer is dropped on the way
//! out, whatever operator was running, and the evaluation thread is free again. Before
//! that, it lets the thread's [`Yielder`] (if any) pause the evaluation while more urgent
//! work runs.
//!
//! Oxigraph's own check and these checkpoints read the same token, and Oxigraph's comes
//! first on each row: past the deadline a quad read yields an error value, which every
//! filter passes unevaluated, checkpoints included. That stops a stream (the error reaches
//! the serializer), but not an operator that gathers its input: a grouped scan then went
//! on to its last quad, one error value kept per quad (0.9 s and hundreds of MB past a
//! 2 ms budget on 10^6 triples). So a query whose rows all go through one `GROUP BY` or
//! `ORDER BY` ([`gathers_every_row`]) is evaluated without Oxigraph's check: its scans stop
//! at the gathered input's checkpoint, or, for a grouping over one pattern with no prompt
//! stop asked, at the end of that pattern's scan (no error value kept meanwhile).

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{CancellationToken, SparqlEvaluator};
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
    PropertyPathExpression,
};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern, Variable};
use spargebra::Query;
use std::collections::BTreeSet;

/// The checkpoint function's IRI (never visible in results).
pub const ALIVE: &str = "urn:maillage:alive";

/// The payload a cancelled evaluation unwinds with.
#[derive(Debug)]
pub struct Aborted;

/// The payload of an evaluation stopped past its memory budget (the limit, in bytes).
#[derive(Debug)]
pub struct OverMemory(pub usize);

/// What an evaluation consults at each checkpoint to wait while more urgent work runs: the
/// server's scheduling policy (a long query steps aside for short ones), kept out of the
/// store. Set per thread ([`yielding`]), so it reaches the evaluations run there without
/// going through every caller.
pub trait Yielder: Send + Sync {
    /// May block; returns at once when `token` is cancelled.
    fn checkpoint(&self, token: &CancellationToken);
}

thread_local! {
    static YIELDER: std::cell::RefCell<Option<std::sync::Arc<dyn Yielder>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `yielder` consulted by the checkpoints of every evaluation on this thread.
pub fn yielding<T>(yielder: std::sync::Arc<dyn Yielder>, f: impl FnOnce() -> T) -> T {
    /// Clears the thread's yielder, also when `f` unwinds.
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            let _ = YIELDER.try_with(|y| y.borrow_mut().take());
        }
    }
    YIELDER.with(|y| *y.borrow_mut() = Some(yielder));
    let _clear = Clear;
    f()
}

/// Registers the checkpoint function of `token` (and of `budget`) on `evaluator`.
pub fn with_checkpoints(
    evaluator: SparqlEvaluator,
    token: &CancellationToken,
    budget: Option<crate::memory::Budget>,
) -> SparqlEvaluator {
    let token = token.clone();
    evaluator.with_custom_function(alive(), move |_args: &[Term]| {
        YIELDER.with_borrow(|yielder| {
            if let Some(yielder) = yielder {
                yielder.checkpoint(&token);
            }
        });
        if token.is_cancelled() {
            std::panic::resume_unwind(Box::new(Aborted));
        }
        if let Some(budget) = budget.filter(crate::memory::Budget::exceeded) {
            std::panic::resume_unwind(Box::new(OverMemory(budget.limit())));
        }
        // The empty string: its effective boolean value is false, and it allocates nothing.
        Some(Literal::new_simple_literal(String::new()).into())
    })
}

/// Where checkpoints go besides the places rows multiply.
#[derive(Debug, Clone, Copy)]
struct How {
    /// Also on each row a `GROUP BY` gathers (see [`instrument`]).
    gathered_rows: bool,
}

/// `query` with checkpoints where rows multiply (see the module documentation).
///
/// `prompt`: the evaluation must stop within moments of its cancellation whatever the
/// query, so each row a `GROUP BY` gathers is checked too. That check costs a grouped scan
/// of one pattern a third of its time (`facts-per-relation`, 0.62–0.71× Oxigraph with
/// it), so it is asked for where stopping late costs most: a 2 ms attempt. Without it,
/// such a grouping over one pattern stops at the end of that pattern's scan (a grouping
/// over a join stops at the join's checkpoint).
pub fn instrument(query: Query, prompt: bool) -> Query {
    let how = How {
        gathered_rows: prompt,
    };
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: pattern_checked(pattern, how),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: pattern_checked(pattern, how),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: pattern_checked(pattern, how),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: pattern_checked(pattern, how),
            base_iri,
        },
    }
}

/// Whether every row of `query` is gathered by one `GROUP BY` or `ORDER BY` before any
/// answer: its pattern, under projection, bindings, filters and slices, is one of those.
///
/// Oxigraph's own cancellation is then left out (see the module documentation): past
/// the deadline it turns each quad read into an error value, which passes every filter
/// (the checkpoints included, which then never unwind) and which the gathering operator
/// collects, one per remaining quad, while the scan goes on to its end. Without it, the
/// checkpoint on the gathered input unwinds at the next row.
pub fn gathers_every_row(query: &Query) -> bool {
    let (Query::Select { pattern, .. }
    | Query::Construct { pattern, .. }
    | Query::Describe { pattern, .. }
    | Query::Ask { pattern, .. }) = query;
    matches!(
        crate::sparql_walk::under_row_modifiers(pattern),
        GraphPattern::Group { .. } | GraphPattern::OrderBy { .. }
    )
}

fn alive() -> NamedNode {
    NamedNode::new_unchecked(ALIVE)
}

fn call_alive(args: Vec<Expression>) -> Expression {
    Expression::FunctionCall(Function::Custom(alive()), args)
}

/// `FILTER(expr)` over the instrumented `inner`, so that a filter over a cross product does
/// not hide the checkpoint. The optimizer merges nested filters into one conjunction whose
/// terms it orders by hash: a checkpoint ordered after a selective term (a `REGEX` over a
/// cross product) is never evaluated for the rows that term rejects, and such an evaluation
/// passes no checkpoint (it reads no quad either) for seconds. So the terms that join rows
/// of two disconnected parts of the join (which stay above the cross product whatever the
/// optimizer does) become the `else` branch of the checkpoint's `IF`, evaluated after
/// `alive()` on every row; the other terms stay apart, free to be pushed down.
fn filter_checked(expr: Expression, inner: GraphPattern, how: How) -> GraphPattern {
    let filter = |expr, inner| GraphPattern::Filter {
        expr,
        inner: Box::new(inner),
    };
    let (test, then, joined) = match pattern_checked(inner, how) {
        GraphPattern::Filter {
            expr: Expression::If(test, then, _),
            inner,
        } if is_alive_test(&test) => (test, then, *inner),
        other => return filter(expr, other),
    };
    let parts = disconnected_parts(&joined);
    let (spanning, within): (Vec<_>, Vec<_>) = conjuncts(expr)
        .into_iter()
        .partition(|term| parts_used(term, &parts) > 1);
    let joined = match and_all(within) {
        Some(within) => filter(within, joined),
        None => joined,
    };
    let otherwise = and_all(spanning).unwrap_or_else(|| Literal::from(true).into());
    filter(Expression::If(test, then, Box::new(otherwise)), joined)
}

/// The variables of each set of operands of a join cluster that share variables with each
/// other (several sets: a cross product).
fn disconnected_parts(pattern: &GraphPattern) -> Vec<BTreeSet<Variable>> {
    fn operands(pattern: &GraphPattern, out: &mut Vec<BTreeSet<Variable>>) {
        match pattern {
            GraphPattern::Join { left, right } => {
                operands(left, out);
                operands(right, out);
            }
            GraphPattern::Bgp { patterns } => {
                for triple in patterns {
                    let mut vars = BTreeSet::new();
                    for term in [&triple.subject, &triple.object] {
                        if let TermPattern::Variable(v) = term {
                            vars.insert(v.clone());
                        }
                    }
                    if let NamedNodePattern::Variable(v) = &triple.predicate {
                        vars.insert(v.clone());
                    }
                    out.push(vars);
                }
            }
            other => {
                let mut vars = BTreeSet::new();
                in_scope(other, &mut vars);
                out.push(vars);
            }
        }
    }
    let mut parts: Vec<BTreeSet<Variable>> = Vec::new();
    let mut found = Vec::new();
    operands(pattern, &mut found);
    for mut vars in found {
        // Merges every part sharing a variable with this operand into it.
        let (shared, apart): (Vec<_>, Vec<_>) =
            parts.into_iter().partition(|p| !p.is_disjoint(&vars));
        for part in shared {
            vars.extend(part);
        }
        parts = apart;
        parts.push(vars);
    }
    parts
}

/// How many of `parts` the variables of `expr` come from.
fn parts_used(expr: &Expression, parts: &[BTreeSet<Variable>]) -> usize {
    let mut vars = BTreeSet::new();
    expression_variables(expr, &mut vars);
    parts.iter().filter(|p| !p.is_disjoint(&vars)).count()
}

fn expression_variables(expr: &Expression, out: &mut BTreeSet<Variable>) {
    match expr {
        Expression::Variable(v) | Expression::Bound(v) => {
            out.insert(v.clone());
        }
        Expression::Exists(p) => in_scope(p, out),
        other => crate::sparql_walk::for_each_operand(other, |e| expression_variables(e, out)),
    }
}

/// The terms of a conjunction (`a && b && c`), or the expression alone.
fn conjuncts(expr: Expression) -> Vec<Expression> {
    match expr {
        Expression::And(x, y) => {
            let mut terms = conjuncts(*x);
            terms.extend(conjuncts(*y));
            terms
        }
        other => vec![other],
    }
}

fn and_all(terms: Vec<Expression>) -> Option<Expression> {
    terms
        .into_iter()
        .reduce(|x, y| Expression::And(Box::new(x), Box::new(y)))
}

/// Adds the variables in scope in `pattern` to `out`.
fn in_scope(pattern: &GraphPattern, out: &mut BTreeSet<Variable>) {
    pattern.on_in_scope_variable(|v| {
        out.insert(v.clone());
    });
}

/// Whether `test` is the test of a [`checkpoint`]'s `IF`: `alive()`.
fn is_alive_test(test: &Expression) -> bool {
    matches!(test, Expression::FunctionCall(Function::Custom(f), args)
        if f.as_str() == ALIVE && args.is_empty())
}

/// `FILTER(IF(alive(), alive(vars…), true))` above `pattern`.
fn checkpoint(pattern: GraphPattern) -> GraphPattern {
    let mut variables = BTreeSet::new();
    in_scope(&pattern, &mut variables);
    let expr = Expression::If(
        Box::new(call_alive(Vec::new())),
        Box::new(call_alive(
            variables.into_iter().map(Expression::Variable).collect(),
        )),
        Box::new(Expression::Literal(Literal::from(true))),
    );
    GraphPattern::Filter {
        expr,
        inner: Box::new(pattern),
    }
}

/// `pattern` with a checkpoint at its top, unless it has one there already.
fn checked_once(pattern: GraphPattern) -> GraphPattern {
    match &pattern {
        GraphPattern::Filter {
            expr: Expression::If(test, _, _),
            ..
        } if is_alive_test(test) => pattern,
        _ => checkpoint(pattern),
    }
}

/// `?s p* ?o` / `?s p+ ?o` (two distinct variables) as a `LATERAL` from every node.
fn closure_per_node(pattern: GraphPattern) -> GraphPattern {
    let GraphPattern::Path {
        subject: TermPattern::Variable(s),
        path: path @ (PropertyPathExpression::ZeroOrMore(_) | PropertyPathExpression::OneOrMore(_)),
        object: TermPattern::Variable(o),
    } = pattern
    else {
        return checkpoint(pattern);
    };
    if s == o {
        return checkpoint(GraphPattern::Path {
            subject: TermPattern::Variable(s),
            path,
            object: TermPattern::Variable(o),
        });
    }
    // Hidden by the projection: they cannot meet the query's own variables.
    let (p, x) = (
        Variable::new_unchecked("_mlg_closure_p"),
        Variable::new_unchecked("_mlg_closure_x"),
    );
    let triple = |subject: &Variable, object: &Variable| GraphPattern::Bgp {
        patterns: vec![TriplePattern {
            subject: subject.clone().into(),
            predicate: NamedNodePattern::Variable(p.clone()),
            object: object.clone().into(),
        }],
    };
    let nodes = GraphPattern::Distinct {
        inner: Box::new(GraphPattern::Project {
            inner: Box::new(GraphPattern::Union {
                left: Box::new(triple(&s, &x)),
                right: Box::new(triple(&x, &s)),
            }),
            variables: vec![s.clone()],
        }),
    };
    GraphPattern::Lateral {
        left: Box::new(nodes),
        right: Box::new(checkpoint(GraphPattern::Path {
            subject: TermPattern::Variable(s),
            path,
            object: TermPattern::Variable(o),
        })),
    }
}

/// Instruments a pattern that is not an operand of a join (its output is checked).
fn pattern_checked(pattern: GraphPattern, how: How) -> GraphPattern {
    match pattern {
        GraphPattern::Join { left, right } => checkpoint(GraphPattern::Join {
            left: Box::new(in_cluster(*left, how)),
            right: Box::new(in_cluster(*right, how)),
        }),
        GraphPattern::Bgp { ref patterns } if patterns.len() >= 2 => checkpoint(pattern),
        GraphPattern::Path { .. } => closure_per_node(pattern),
        other => inner(other, how),
    }
}

/// Instruments an operand of a join cluster: joins and leaves stay bare (the cluster's top
/// is checked), so the optimizer can still flatten and reorder the whole cluster.
fn in_cluster(pattern: GraphPattern, how: How) -> GraphPattern {
    match pattern {
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: Box::new(in_cluster(*left, how)),
            right: Box::new(in_cluster(*right, how)),
        },
        GraphPattern::Bgp { .. } => pattern,
        GraphPattern::Path {
            subject: TermPattern::Variable(_),
            path: PropertyPathExpression::ZeroOrMore(_) | PropertyPathExpression::OneOrMore(_),
            object: TermPattern::Variable(_),
        } => closure_per_node(pattern),
        GraphPattern::Path { .. } => pattern,
        other => inner(other, how),
    }
}

/// Instruments the children of any other operator.
fn inner(pattern: GraphPattern, how: How) -> GraphPattern {
    let b = |p: Box<GraphPattern>| Box::new(pattern_checked(*p, how));
    match pattern {
        // Leaves with one row source, streamed to their consumer: the store's own checks
        // suffice there (an operator that gathers its input checks it, above).
        GraphPattern::Bgp { .. } | GraphPattern::Values { .. } => pattern,
        GraphPattern::Join { .. } | GraphPattern::Path { .. } => pattern_checked(pattern, how),
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => checkpoint(GraphPattern::LeftJoin {
            left: b(left),
            right: b(right),
            expression: expression.map(|e| expression_checked(e, how)),
        }),
        GraphPattern::Lateral { left, right } => GraphPattern::Lateral {
            left: b(left),
            right: b(right),
        },
        GraphPattern::Filter { expr, inner } => {
            filter_checked(expression_checked(expr, how), *inner, how)
        }
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: b(left),
            right: b(right),
        },
        GraphPattern::Graph { name, inner } => GraphPattern::Graph {
            name,
            inner: b(inner),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: b(inner),
            variable,
            expression: expression_checked(expression, how),
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: b(left),
            right: b(right),
        },
        // The rows to sort are checked as they come (not each comparison: a function call
        // per comparison made every ORDER BY about twice as slow).
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: Box::new(checked_once(pattern_checked(*inner, how))),
            expression: expression
                .into_iter()
                .map(|e| match e {
                    OrderExpression::Asc(e) => OrderExpression::Asc(expression_checked(e, how)),
                    OrderExpression::Desc(e) => OrderExpression::Desc(expression_checked(e, how)),
                })
                .collect(),
        },
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: b(inner),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct { inner: b(inner) },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced { inner: b(inner) },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: b(inner),
            start,
            length,
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            // Gathered whole like the rows of an `ORDER BY`, and checked as they come when
            // asked: the store's own check, on a single pattern's scan, only turns each
            // remaining quad into an error value that the grouping collects while the scan
            // goes on.
            inner: Box::new(if how.gathered_rows {
                checked_once(pattern_checked(*inner, how))
            } else {
                pattern_checked(*inner, how)
            }),
            variables,
            aggregates: aggregates
                .into_iter()
                .map(|(v, a)| {
                    let a = match a {
                        AggregateExpression::FunctionCall {
                            name,
                            expr,
                            distinct,
                        } => AggregateExpression::FunctionCall {
                            name,
                            expr: expression_checked(expr, how),
                            distinct,
                        },
                        count => count,
                    };
                    (v, a)
                })
                .collect(),
        },
        // The remote endpoint evaluates SERVICE patterns: left as written.
        service @ GraphPattern::Service { .. } => service,
    }
}

/// Instruments the patterns of `EXISTS` inside an expression.
fn expression_checked(expression: Expression, how: How) -> Expression {
    let b = |e: Box<Expression>| Box::new(expression_checked(*e, how));
    let all = |list: Vec<Expression>| {
        list.into_iter()
            .map(|e| expression_checked(e, how))
            .collect()
    };
    match expression {
        Expression::Exists(p) => Expression::Exists(Box::new(pattern_checked(*p, how))),
        e @ (Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_)) => e,
        Expression::Or(x, y) => Expression::Or(b(x), b(y)),
        Expression::And(x, y) => Expression::And(b(x), b(y)),
        Expression::Equal(x, y) => Expression::Equal(b(x), b(y)),
        Expression::SameTerm(x, y) => Expression::SameTerm(b(x), b(y)),
        Expression::Greater(x, y) => Expression::Greater(b(x), b(y)),
        Expression::GreaterOrEqual(x, y) => Expression::GreaterOrEqual(b(x), b(y)),
        Expression::Less(x, y) => Expression::Less(b(x), b(y)),
        Expression::LessOrEqual(x, y) => Expression::LessOrEqual(b(x), b(y)),
        Expression::Add(x, y) => Expression::Add(b(x), b(y)),
        Expression::Subtract(x, y) => Expression::Subtract(b(x), b(y)),
        Expression::Multiply(x, y) => Expression::Multiply(b(x), b(y)),
        Expression::Divide(x, y) => Expression::Divide(b(x), b(y)),
        Expression::In(x, list) => Expression::In(b(x), all(list)),
        Expression::UnaryPlus(x) => Expression::UnaryPlus(b(x)),
        Expression::UnaryMinus(x) => Expression::UnaryMinus(b(x)),
        Expression::Not(x) => Expression::Not(b(x)),
        Expression::If(x, y, z) => Expression::If(b(x), b(y), b(z)),
        Expression::Coalesce(list) => Expression::Coalesce(all(list)),
        Expression::FunctionCall(f, list) => Expression::FunctionCall(f, all(list)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::QueryResults;
    use oxigraph::store::Store;
    use spargebra::SparqlParser;

    fn run(store: &Store, text: &str, token: &CancellationToken) -> Vec<String> {
        let query = instrument(SparqlParser::new().parse_query(text).unwrap(), true);
        let mut prepared = with_checkpoints(SparqlEvaluator::new(), token, None).for_query(query);
        prepared.dataset_mut().set_default_graph_as_union();
        match prepared.on_store(store).execute().unwrap() {
            QueryResults::Solutions(s) => s
                .map(|s| {
                    s.unwrap()
                        .iter()
                        .map(|(v, t)| format!("{v}={t}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            QueryResults::Boolean(b) => vec![b.to_string()],
            QueryResults::Graph(g) => g.map(|t| t.unwrap().to_string()).collect(),
        }
    }

    fn store() -> Store {
        let store = Store::new().unwrap();
        let ex = |s: &str| NamedNode::new(format!("http://ex/{s}")).unwrap();
        for i in 0..30 {
            store
                .insert(oxigraph::model::QuadRef::new(
                    &ex(&format!("s{i}")),
                    &ex("p"),
                    &Literal::from(i % 7),
                    oxigraph::model::GraphNameRef::DefaultGraph,
                ))
                .unwrap();
            store
                .insert(oxigraph::model::QuadRef::new(
                    &ex(&format!("s{i}")),
                    &ex("p"),
                    &ex(&format!("s{}", (i * 3 + 1) % 30)),
                    &ex(&format!("g{}", i % 2)),
                ))
                .unwrap();
        }
        store
    }

    /// What the projection of a `SELECT *` wraps, once instrumented.
    fn instrumented(text: &str) -> GraphPattern {
        let Query::Select { pattern, .. } =
            instrument(SparqlParser::new().parse_query(text).unwrap(), true)
        else {
            unreachable!()
        };
        let GraphPattern::Project { inner, .. } = pattern else {
            panic!("{pattern:?}")
        };
        *inner
    }

    /// The checkpoint at the top of `pattern`: its `else` branch and what it filters.
    fn top_checkpoint(pattern: GraphPattern) -> (Expression, GraphPattern) {
        let GraphPattern::Filter {
            expr: Expression::If(test, _, otherwise),
            inner,
        } = pattern
        else {
            panic!("no checkpoint at the top: {pattern:?}")
        };
        assert!(is_alive_test(&test), "{test}");
        (*otherwise, *inner)
    }

    #[test]
    fn checkpoints_change_no_answer() {
        let store = store();
        let token = CancellationToken::new();
        for query in [
            "SELECT ?s ?o WHERE { ?s <http://ex/p> ?o . ?t <http://ex/p> ?o } ORDER BY DESC(?o) ?s",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
            "SELECT ?s ?o ?t WHERE { ?s <http://ex/p> ?o . ?t <http://ex/p> ?o FILTER(?s != ?t && isLiteral(?o)) }",
            "SELECT ?s ?t WHERE { ?s <http://ex/p> ?o . ?t <http://ex/p> ?l FILTER(isLiteral(?o) && ?o < ?l && ?s != ?t) }",
            "SELECT ?s ?t WHERE { ?s <http://ex/p> ?o . ?t <http://ex/p> ?l FILTER(STR(?o) > STR(?l) || ?s = ?t) }",
            "SELECT ?s WHERE { ?s <http://ex/p> ?o OPTIONAL { ?s <http://ex/q> ?x } FILTER EXISTS { ?s ?p 3 . ?s ?p ?z } }",
            "SELECT ?o (COUNT(?s) AS ?n) WHERE { { ?s <http://ex/p> ?o } UNION { ?s <http://ex/p>* ?o } } GROUP BY ?o ORDER BY ?o",
            "ASK { ?s <http://ex/p>/^<http://ex/p> ?t }",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            "SELECT ?s ?o WHERE { ?s (<http://ex/p>|^<http://ex/p>)* ?o }",
            "SELECT ?s ?o WHERE { ?s (<http://ex/p>|^<http://ex/p>)+ ?o }",
            "SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s <http://ex/p>* ?o } }",
            "SELECT ?s ?o WHERE { ?s <http://ex/p>* ?o . ?o <http://ex/p>+ ?t }",
            "CONSTRUCT { ?s <http://ex/q> ?o } WHERE { ?s <http://ex/p> ?o . ?s ?p ?o } ORDER BY ?s",
        ] {
            let plain = {
                let mut prepared = SparqlEvaluator::new().parse_query(query).unwrap();
                prepared.dataset_mut().set_default_graph_as_union();
                match prepared.on_store(&store).execute().unwrap() {
                    QueryResults::Solutions(s) => s
                        .map(|s| {
                            s.unwrap()
                                .iter()
                                .map(|(v, t)| format!("{v}={t}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect::<Vec<_>>(),
                    QueryResults::Boolean(b) => vec![b.to_string()],
                    QueryResults::Graph(g) => g.map(|t| t.unwrap().to_string()).collect(),
                }
            };
            let checked = run(&store, query, &token);
            if query.contains("ORDER BY") && !query.contains("CONSTRUCT") {
                assert_eq!(checked, plain, "{query}");
            } else {
                let (mut a, mut b) = (checked, plain);
                a.sort();
                b.sort();
                assert_eq!(a, b, "{query}");
            }
        }
    }

    #[test]
    fn a_cancelled_cross_product_unwinds_with_aborted() {
        let store = store();
        let token = CancellationToken::new();
        token.cancel();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(
                &store,
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                &token,
            )
        }));
        let payload = outcome.expect_err("the evaluation unwinds");
        assert!(payload.downcast_ref::<Aborted>().is_some());
    }

    #[test]
    fn a_cancelled_grouped_scan_of_one_pattern_unwinds_before_its_end() {
        let store = store();
        let token = CancellationToken::new();
        token.cancel();
        for query in [
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o",
        ] {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(&store, query, &token)
            }));
            let payload = outcome.expect_err(query);
            assert!(payload.downcast_ref::<Aborted>().is_some(), "{query}");
        }
    }

    #[test]
    fn only_queries_whose_rows_all_meet_one_gathering_operator_gather_every_row() {
        let parse = |q: &str| SparqlParser::new().parse_query(q).unwrap();
        for q in [
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3",
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING(COUNT(*) > 2)",
        ] {
            assert!(gathers_every_row(&parse(q)), "{q}");
        }
        for q in [
            "SELECT * WHERE { ?s ?p ?o FILTER(?o = 3) }",
            "SELECT * WHERE { ?s ?p ?o { SELECT (COUNT(*) AS ?n) { ?a ?b ?c } } }",
            "SELECT * WHERE { { ?s ?p ?o } UNION { SELECT ?s { ?s ?p ?o } ORDER BY ?s } }",
            "ASK { ?s ?p ?o }",
        ] {
            assert!(!gathers_every_row(&parse(q)), "{q}");
        }
    }

    /// What the grouping of `SELECT (COUNT(*) AS ?n) { … }` reads, once instrumented.
    fn group_input(text: &str, prompt: bool) -> GraphPattern {
        let Query::Select { pattern, .. } =
            instrument(SparqlParser::new().parse_query(text).unwrap(), prompt)
        else {
            unreachable!()
        };
        let GraphPattern::Project { inner, .. } = pattern else {
            panic!("{pattern:?}")
        };
        let GraphPattern::Extend { inner, .. } = *inner else {
            panic!("{inner:?}")
        };
        let GraphPattern::Group { inner, .. } = *inner else {
            panic!("{inner:?}")
        };
        *inner
    }

    #[test]
    fn a_grouping_over_one_pattern_is_checked_only_when_a_prompt_stop_is_asked() {
        let count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }";
        let (_, below) = top_checkpoint(group_input(count, true));
        assert!(matches!(below, GraphPattern::Bgp { .. }), "{below:?}");
        assert!(
            matches!(group_input(count, false), GraphPattern::Bgp { .. }),
            "no checkpoint without a prompt stop"
        );
    }

    #[test]
    fn a_gathered_input_gets_one_checkpoint_not_two() {
        let (_, below) = top_checkpoint(group_input(
            "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?c ?d ?e }",
            true,
        ));
        assert!(matches!(below, GraphPattern::Bgp { .. }), "{below:?}");
    }

    #[test]
    fn the_checkpoint_sits_above_a_filter_so_rejected_rows_are_checked_too() {
        // The checkpoint first, the filter (which needs both sides of the cross product)
        // in its `else` branch: one expression, which the optimizer cannot reorder.
        let (otherwise, inner) = top_checkpoint(instrumented(
            r#"SELECT * { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(CONCAT(?c, ?f), "z$")) }"#,
        ));
        assert!(matches!(
            otherwise,
            Expression::FunctionCall(Function::Regex, _)
        ));
        assert!(matches!(inner, GraphPattern::Bgp { .. }), "{inner:?}");
        // Evaluated: the checkpoint is called for every row, the rejected ones included (the
        // filter needs both sides: it cannot be pushed into either).
        let store = store();
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        struct Count(std::sync::Arc<std::sync::atomic::AtomicUsize>);
        impl Yielder for Count {
            fn checkpoint(&self, _: &CancellationToken) {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let rows = yielding(std::sync::Arc::new(Count(calls.clone())), || {
            run(
                &store,
                r#"SELECT * { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "^no such$")) }"#,
                &CancellationToken::new(),
            )
        });
        assert!(rows.is_empty());
        let quads = 60;
        assert!(
            calls.load(std::sync::atomic::Ordering::Relaxed) >= quads * quads,
            "{} checkpoints for {} rows",
            calls.load(std::sync::atomic::Ordering::Relaxed),
            quads * quads
        );
    }

    #[test]
    fn only_the_terms_joining_two_parts_of_a_cross_product_go_under_the_checkpoint() {
        // `?c = 3` can be pushed into its side: it stays a filter of its own, under.
        let (otherwise, inner) = top_checkpoint(instrumented(
            "SELECT * { ?a ?b ?c . ?d ?e ?f FILTER(?c = 3 && ?c != ?f) }",
        ));
        assert!(matches!(otherwise, Expression::Not(_)), "{otherwise}");
        assert!(
            matches!(
                inner,
                GraphPattern::Filter {
                    expr: Expression::Equal(..),
                    ..
                }
            ),
            "{inner:?}"
        );
        // A join without cross product: the filter stays whole above the checkpoint.
        let (otherwise, inner) = top_checkpoint(instrumented(
            "SELECT * { ?a ?b ?c . ?c ?e ?f FILTER(?a != ?f) }",
        ));
        assert_eq!(otherwise, Expression::Literal(Literal::from(true)));
        assert!(matches!(inner, GraphPattern::Filter { .. }), "{inner:?}");
    }

    #[test]
    fn the_filter_sits_above_the_join_cluster() {
        let (_, inner) = top_checkpoint(instrumented(
            "SELECT * { ?a ?b ?c . ?d ?e ?f { SELECT ?g { ?g ?h ?i } } }",
        ));
        assert!(
            matches!(inner, GraphPattern::Join { ref left, .. } if matches!(**left, GraphPattern::Bgp { .. })),
            "{inner:?}"
        );
    }
}
