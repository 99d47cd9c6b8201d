//! The command line: `maillage serve | build | convert | load | query | dump`.

use crate::build;
use crate::refdata::RefData;
use crate::server::{self, ServerConfig};
use crate::store::GraphStore;
use crate::vocab::{Rebase, DEFAULT_BASE};
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(
    name = "maillage",
    version,
    about = "Knowledge graph of French primary-care policy: seeds → RDF → Oxigraph → SPARQL 1.1"
)]
pub struct Cli {
    /// Base IRI of every minted entity, graph and ontology term.
    #[arg(long, global = true, env = "MAILLAGE_BASE", default_value = DEFAULT_BASE)]
    pub base: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the SPARQL 1.1 endpoint; an empty store is first filled with the bundled seeds.
    Serve(ServeArgs),
    /// Build the seed graph and write it as sorted N-Quads (deterministic).
    Build {
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Read the documents from this folder instead of the bundled seeds.
        #[arg(long)]
        seeds: Option<PathBuf>,
    },
    /// Convert other text documents of the same kind and print their RDF.
    Convert {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output syntax.
        #[arg(long, value_enum, default_value_t = RdfOut::Trig)]
        format: RdfOut,
    },
    /// Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) or text documents into the store.
    Load {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Named graph for triple formats (default: one graph per file, `graph/file/{name}`).
        #[arg(long)]
        graph: Option<String>,
    },
    /// Run a SPARQL query against the store or against files.
    Query(QueryArgs),
    /// Measure extraction against the annotated gold set (precision, recall, field accuracy).
    Evaluate {
        /// Folder of the gold set (`relations.tsv`, `negatives.tsv`, `references.tsv`, `heldout/`).
        #[arg(long, default_value = "tests/gold")]
        gold: PathBuf,
    },
    /// Write the whole store as N-Quads or TriG.
    Dump {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, value_enum, default_value_t = RdfOut::Nquads)]
        format: RdfOut,
    },
}

#[derive(Args, Debug)]
pub struct StoreArgs {
    /// Directory of the on-disk store.
    #[arg(long, env = "MAILLAGE_DATA", default_value = "./data")]
    pub data: PathBuf,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MAILLAGE_BIND", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Use a throwaway in-memory store instead of `--data`.
    #[arg(long)]
    pub in_memory: bool,
    /// Query timeout in seconds.
    #[arg(long, env = "MAILLAGE_QUERY_TIMEOUT", default_value_t = 30.0)]
    pub query_timeout: f64,
    /// Queries evaluated at once; more wait in a queue.
    #[arg(long, env = "MAILLAGE_MAX_CONCURRENT_QUERIES", default_value_t = 8)]
    pub max_concurrent_queries: usize,
    /// Queries that may wait for an evaluation slot before answering 503.
    #[arg(long, env = "MAILLAGE_MAX_QUEUED_QUERIES", default_value_t = 64)]
    pub max_queued_queries: usize,
    /// Longest wait in that queue, in seconds, before answering 503.
    #[arg(long, env = "MAILLAGE_QUEUE_TIMEOUT", default_value_t = 10.0)]
    pub queue_timeout: f64,
    /// Largest request body in bytes.
    #[arg(long, env = "MAILLAGE_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// A SPARQL endpoint `SERVICE` may call (repeatable; none by default).
    #[arg(
        long = "federation-allow",
        env = "MAILLAGE_FEDERATION_ALLOW",
        value_delimiter = ','
    )]
    pub federation_allow: Vec<String>,
    /// Timeout of an outgoing `SERVICE` request, in seconds.
    #[arg(long, env = "MAILLAGE_FEDERATION_TIMEOUT", default_value_t = 10.0)]
    pub federation_timeout: f64,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The query text (or use `--file`).
    pub query: Option<String>,
    /// Read the query from a `.rq` file.
    #[arg(long, short)]
    pub file: Option<PathBuf>,
    /// Query this store directory.
    #[arg(long, env = "MAILLAGE_DATA", conflicts_with = "input")]
    pub data: Option<PathBuf>,
    /// Query these RDF files (or text documents) loaded into memory.
    #[arg(long, num_args = 1..)]
    pub input: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ResultsOut::Tsv)]
    pub format: ResultsOut,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RdfOut {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ResultsOut {
    Tsv,
    Csv,
    Json,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr: human-readable, or one JSON object a line when
/// `MAILLAGE_LOG_FORMAT=json`; the filter comes from `MAILLAGE_LOG`.
fn init_tracing() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("MAILLAGE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("MAILLAGE_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init()
    };
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let rebase = Rebase::new(&cli.base);
    match cli.command {
        Command::Serve(args) => serve(args, &cli.base, &rebase),
        Command::Build { out, seeds } => {
            let documents = match seeds {
                Some(dir) => build::read_documents(&build::text_files(&dir)?)?,
                None => build::bundled_documents(),
            };
            let quads = build_corpus(&documents, &rebase, true)?;
            write_output(out, build::to_nquads(&quads).as_bytes())
        }
        Command::Convert { files, format } => {
            let documents = build::read_documents(&files)?;
            let quads = build_corpus(&documents, &rebase, false)?;
            let mut out = std::io::stdout().lock();
            serialize(&quads, format, &mut out)
        }
        Command::Load {
            store,
            files,
            graph,
        } => {
            let store = GraphStore::open(&store.data)?;
            for file in &files {
                let quads = read_rdf_or_document(file, graph.as_deref(), &rebase)?;
                store.load_quads(&quads)?;
                eprintln!("{}: {} quads", file.display(), quads.len());
            }
            Ok(())
        }
        // On a thread with the evaluation stack the text bounds are sized for.
        Command::Query(args) => std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(crate::sparql_limits::EVALUATION_STACK_BYTES)
                .spawn_scoped(scope, || query(args, &rebase))?
                .join()
                .unwrap_or_else(|_| bail!("the query evaluation failed"))
        }),
        Command::Evaluate { gold } => {
            print!("{}", crate::evaluate::report(&gold)?);
            Ok(())
        }
        Command::Dump { store, format } => {
            let store = GraphStore::open(&store.data)?;
            let quads: Vec<_> = store.oxigraph().iter().collect::<Result<_, _>>()?;
            let mut out = std::io::stdout().lock();
            serialize(&build::sorted(quads), format, &mut out)
        }
    }
}

fn serve(args: ServeArgs, base: &str, rebase: &Rebase) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = if args.in_memory {
        GraphStore::in_memory()?
    } else {
        GraphStore::open(&args.store.data)?
    };
    if store.is_empty()? {
        tracing::info!("empty store: loading the bundled seeds");
        let quads = build_corpus(&build::bundled_documents(), rebase, true)?;
        store.load_quads(&quads)?;
        tracing::info!(
            quads = quads.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "seeds loaded"
        );
    }
    let config = ServerConfig {
        bind: args.bind,
        base: base.to_owned(),
        query_timeout: Duration::from_secs_f64(args.query_timeout),
        max_concurrent_queries: args.max_concurrent_queries.max(1),
        max_queued_queries: args.max_queued_queries,
        queue_timeout: Duration::from_secs_f64(args.queue_timeout),
        max_body_bytes: args.max_body_bytes,
        federation_allow: args.federation_allow,
        federation_timeout: Duration::from_secs_f64(args.federation_timeout),
    };
    server_runtime()?.block_on(server::serve(store, config))
}

/// The runtime of `maillage serve` (and of the tests' servers). Handlers parse queries
/// on its threads: texts within `sparql_limits`' bounds need up to 4 MiB of stack there.
pub fn server_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(crate::sparql_limits::HANDLER_STACK_BYTES)
        .build()
}

/// Builds documents with a progress bar on a terminal (hidden otherwise).
fn build_corpus(
    documents: &[crate::extract::SourceDocument],
    rebase: &Rebase,
    with_ontology: bool,
) -> anyhow::Result<Vec<oxigraph::model::Quad>> {
    let refdata = RefData::bundled()?;
    let bar = indicatif::ProgressBar::new(documents.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_msg}")?,
    );
    let quads = build::build_with_progress(documents, &refdata, rebase, with_ontology, |d| {
        bar.set_message(d.id.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    Ok(quads)
}

/// An RDF file is parsed by its extension; a `.txt` file is converted.
fn read_rdf_or_document(
    path: &std::path::Path,
    graph: Option<&str>,
    rebase: &Rebase,
) -> anyhow::Result<Vec<oxigraph::model::Quad>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    if ext == "txt" {
        let documents = build::read_documents(&[path.to_owned()])?;
        return Ok(build::build(
            &documents,
            &RefData::bundled()?,
            rebase,
            false,
        ));
    }
    let Some(format) = RdfFormat::from_extension(ext) else {
        bail!("{}: unknown RDF file extension {ext:?}", path.display());
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut parser = RdfParser::from_format(format);
    if !format.supports_datasets() || graph.is_some() {
        let name = match graph {
            Some(g) => g.to_owned(),
            None => format!(
                "{}graph/file/{}",
                rebase_base(rebase),
                crate::vocab::slug(&path.file_name().unwrap_or_default().to_string_lossy())
            ),
        };
        parser = parser.with_default_graph(oxigraph::model::NamedNode::new(name)?);
    }
    parser
        .for_slice(&bytes)
        .map(|q| q.map_err(|e| anyhow::anyhow!("{}: {e}", path.display())))
        .collect()
}

fn rebase_base(rebase: &Rebase) -> String {
    rebase
        .node(oxigraph::model::NamedNode::new_unchecked(DEFAULT_BASE))
        .into_string()
}

fn query(args: QueryArgs, rebase: &Rebase) -> anyhow::Result<()> {
    let text = match (&args.query, &args.file) {
        (Some(q), None) => q.clone(),
        (None, Some(f)) => {
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?
        }
        _ => bail!("give the query either as an argument or with --file"),
    };
    let store = if args.input.is_empty() {
        GraphStore::open(
            args.data
                .as_deref()
                .unwrap_or(std::path::Path::new("./data")),
        )?
    } else {
        let store = GraphStore::in_memory()?;
        for file in &args.input {
            store.load_quads(&read_rdf_or_document(file, None, rebase)?)?;
        }
        store
    };
    crate::sparql_limits::check(&text)?;
    let parsed = spargebra::SparqlParser::new().parse_query(&text)?;
    crate::sparql_limits::check_query(&parsed)?;
    let mut prepared = SparqlEvaluator::new().for_query(parsed);
    prepared.dataset_mut().set_default_graph_as_union();
    let results = prepared.on_store(store.oxigraph()).execute()?;
    let mut out = std::io::stdout().lock();
    match results {
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle).for_writer(&mut out);
            for t in triples {
                ser.serialize_triple(&t?)?;
            }
            ser.finish()?;
        }
        other => {
            let format = match args.format {
                ResultsOut::Tsv => QueryResultsFormat::Tsv,
                ResultsOut::Csv => QueryResultsFormat::Csv,
                ResultsOut::Json => QueryResultsFormat::Json,
            };
            let serializer = QueryResultsSerializer::from_format(format);
            match other {
                QueryResults::Boolean(value) => {
                    serializer.serialize_boolean_to_writer(&mut out, value)?;
                }
                QueryResults::Solutions(solutions) => {
                    let mut writer = serializer
                        .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
                    for solution in solutions {
                        writer.serialize(&solution?)?;
                    }
                    writer.finish()?;
                }
                QueryResults::Graph(_) => unreachable!("graph results are handled above"),
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn serialize(
    quads: &[oxigraph::model::Quad],
    format: RdfOut,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let format = match format {
        RdfOut::Nquads => RdfFormat::NQuads,
        RdfOut::Trig => RdfFormat::TriG,
        RdfOut::Turtle => RdfFormat::Turtle,
        RdfOut::Ntriples => RdfFormat::NTriples,
    };
    let mut ser = RdfSerializer::from_format(format);
    for (prefix, ns) in crate::vocab::PREFIXES {
        ser = ser.with_prefix(*prefix, *ns)?;
    }
    let mut ser = ser.for_writer(out);
    for quad in quads {
        if format.supports_datasets() {
            ser.serialize_quad(quad)?;
        } else {
            ser.serialize_triple(quad.as_ref())?;
        }
    }
    ser.finish()?;
    Ok(())
}

fn write_output(out: Option<PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}
