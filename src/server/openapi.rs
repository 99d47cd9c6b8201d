//! `GET /openapi.json`: the OpenAPI 3.1 description of the HTTP API, built in code with
//! utoipa's builders from the same tables the server uses: the view routes below (each
//! answering HTML or JSON), the dereferenceable IRIs and their RDF syntaxes
//! ([`super::deref::RDF_FORMATS`]), the SPARQL endpoint's result formats
//! ([`super::negotiate::Format`]), and one path per curated query with the parameters read
//! from its `.rq` file ([`super::queries_api::all`]), so a new query file is documented as
//! soon as it is added.

use super::deref::RDF_FORMATS;
use super::negotiate::Format;
use super::queries_api;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Required, ResponseBuilder,
};

/// The French views: path, summary, query parameters.
const VIEWS: &[(&str, &str, &[&str])] = &[
    ("/", "Accueil: counts by kind and entry points", &[]),
    (
        "/recherche",
        "Search labels, acronyms and titles (accent- and case-insensitive, ranked)",
        &["q", "page"],
    ),
    (
        "/textes",
        "Legal texts, filtered by type (class name, e.g. Loi) and year",
        &["type", "annee", "page"],
    ),
    ("/dispositifs", "Dispositif types", &["page"]),
    ("/acteurs", "Actors", &["page"]),
    ("/territoires", "Territories with INSEE codes", &["page"]),
    (
        "/references",
        "Bibliographic references, by words, year and kind",
        &["q", "annee", "type", "page"],
    ),
    ("/documents", "Source documents", &["page"]),
    (
        "/document/{id}",
        "A source document line by line (anchors #L{n})",
        &[],
    ),
    (
        "/lois-dispositifs",
        "Which laws created which dispositifs: table, timeline, network",
        &[],
    ),
    (
        "/api/queries",
        "The curated queries and their parameters",
        &[],
    ),
];

fn string_parameter(
    name: &str,
    location: ParameterIn,
    required: bool,
    description: &str,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(location)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

fn responses(
    builder: OperationBuilder,
    media_types: &[&str],
    description: &str,
) -> OperationBuilder {
    let mut ok = ResponseBuilder::new().description(description);
    for media_type in media_types {
        ok = ok.content(*media_type, ContentBuilder::new().build());
    }
    builder
        .response("200", ok.build())
        .response(
            "400",
            ResponseBuilder::new()
                .description("Bad parameter (the body says which)")
                .build(),
        )
        .response(
            "404",
            ResponseBuilder::new()
                .description("Unknown resource")
                .build(),
        )
        .response(
            "406",
            ResponseBuilder::new()
                .description("No acceptable representation")
                .build(),
        )
}

/// The whole description.
pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    let format_param = |names: &str| {
        string_parameter(
            "format",
            ParameterIn::Query,
            false,
            &format!("Overrides Accept: {names}"),
        )
    };
    for (path, summary, params) in VIEWS {
        let mut op = OperationBuilder::new()
            .summary(Some(*summary))
            .tag("views")
            .parameter(format_param("html|json"));
        for p in *params {
            op = op.parameter(string_parameter(p, ParameterIn::Query, false, p));
        }
        if path.contains("{id}") {
            op = op.parameter(string_parameter(
                "id",
                ParameterIn::Path,
                true,
                "document identifier",
            ));
        }
        let op = responses(
            op,
            &["text/html", "application/json"],
            "The page, or its data as JSON",
        );
        paths = paths.path(*path, PathItem::new(HttpMethod::Get, op.build()));
    }
    let mut rdf: Vec<&str> = vec!["text/html", "application/json"];
    rdf.extend(RDF_FORMATS.iter().map(|f| f.media_type()));
    let rdf_names = RDF_FORMATS.map(|f| f.name()).join("|");
    for (path, summary) in [
        (
            "/id/{path}",
            "A minted IRI ({base}id/…): its page, JSON, or RDF description with facts and evidence",
        ),
        (
            "/graph/{path}",
            "A named graph's IRI: a summary page, or its triples",
        ),
        ("/def", "The ontology: HTML documentation or its triples"),
    ] {
        let mut op = OperationBuilder::new()
            .summary(Some(summary))
            .tag("linked data")
            .parameter(format_param(&format!("html|json|{rdf_names}")));
        if path.contains("{path}") {
            op = op.parameter(string_parameter(
                "path",
                ParameterIn::Path,
                true,
                "the IRI's path under the base",
            ));
        }
        let op = responses(
            op,
            &rdf,
            "Negotiated by Accept (Vary: Accept, Link rel=alternate)",
        );
        paths = paths.path(path, PathItem::new(HttpMethod::Get, op.build()));
    }
    let solutions: Vec<&str> = Format::SOLUTIONS.iter().map(|f| f.media_type()).collect();
    let all: Vec<&str> = Format::ALL.iter().map(|f| f.media_type()).collect();
    let sparql = responses(
        OperationBuilder::new()
            .summary(Some(
                "SPARQL 1.1 Protocol query (the editor for a browser without a query)",
            ))
            .tag("sparql")
            .parameter(string_parameter(
                "query",
                ParameterIn::Query,
                false,
                "SPARQL query",
            ))
            .parameter(format_param(
                "json|xml|csv|tsv|turtle|ntriples|rdfxml|jsonld|nquads|trig",
            )),
        &all,
        "Query results",
    );
    paths = paths.path("/sparql", PathItem::new(HttpMethod::Get, sparql.build()));
    for query in queries_api::all() {
        let mut op = OperationBuilder::new()
            .summary(Some(query.description.clone()))
            .operation_id(Some(format!("query-{}", query.name)))
            .tag("curated queries")
            .parameter(format_param("json|xml|csv|tsv|html"));
        for p in &query.params {
            let kind = if p.iri { "an IRI" } else { "a string" };
            let description = match &p.default {
                Some(d) => format!("{kind}; default {d}"),
                None => kind.to_owned(),
            };
            op = op.parameter(string_parameter(
                &p.name,
                ParameterIn::Query,
                p.default.is_none(),
                &description,
            ));
        }
        let mut media_types = solutions.clone();
        media_types.push("text/html");
        let op = responses(
            op,
            &media_types,
            "SPARQL results, or an HTML table for browsers",
        );
        paths = paths.path(
            format!("/api/queries/{}", query.name),
            PathItem::new(HttpMethod::Get, op.build()),
        );
    }
    for (path, summary, media_type) in [
        (
            "/dump.nq.gz",
            "The whole dataset, gzipped N-Quads",
            "application/gzip",
        ),
        (
            "/.well-known/void",
            "VoID description of the dataset",
            "text/turtle",
        ),
        ("/healthz", "Liveness and size", "application/json"),
        ("/openapi.json", "This description", "application/json"),
    ] {
        let op = OperationBuilder::new()
            .summary(Some(summary))
            .tag("dataset")
            .response(
                "200",
                ResponseBuilder::new()
                    .description(summary)
                    .content(media_type, ContentBuilder::new().build())
                    .build(),
            );
        paths = paths.path(path, PathItem::new(HttpMethod::Get, op.build()));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("maillage")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Knowledge graph of French primary-care policy: pages, dereferenceable IRIs, \
                     SPARQL endpoint and curated queries (the reading API; writes by \
                     curators and administrators are described in the README).",
                ))
                .build(),
        )
        .paths(paths.build())
        .build()
}

/// `GET /openapi.json`.
pub async fn get() -> Response {
    match document().to_pretty_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => super::error::ApiError::Internal(e.to_string()).into_response(),
    }
}
