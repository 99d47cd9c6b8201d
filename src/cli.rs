//! The command line: `maillage serve | build | convert | load | query | dump | gen`.

use crate::build;
use crate::refdata::RefData;
use crate::server::{self, ServerConfig};
use crate::store::GraphStore;
use crate::vocab::{Rebase, DEFAULT_BASE};
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
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
    /// Build the seed graph and write it sorted (deterministic): N-Quads or TriG.
    Build {
        /// Output file (standard output when absent); its extension chooses the
        /// syntax (`.nq`, `.trig`) unless `--format` does.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output syntax (a dataset: one graph per document), default from `--out`'s
        /// extension, else N-Quads.
        #[arg(long, value_enum)]
        format: Option<RdfOut>,
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
        /// Emit the reference data graph (ontology, labels, types of legal texts and
        /// dispositifs) with the documents, so the curated queries work on the output
        /// exactly as on the seeds.
        #[arg(long)]
        with_reference_data: bool,
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
    /// Manage curators' bearer tokens (the secret is printed once, only a salted hash is kept).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Write a synthetic graph shaped like the real one, for benchmarks: exactly
    /// `--triples` lines, the same bytes for the same count and seed.
    Gen {
        /// Number of triples (lines) to write, reference data included.
        #[arg(long)]
        triples: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
        /// N-Quads, one named graph per synthetic document, instead of N-Triples.
        #[arg(long)]
        quads: bool,
    },
    /// Write the whole store as N-Quads or TriG.
    Dump {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, value_enum, default_value_t = RdfOut::Nquads)]
        format: RdfOut,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token and print it (once).
    Add {
        #[command(flatten)]
        file: TokenFileArgs,
        /// Account name recorded in the history (letters, digits, `.`, `-`, `_`).
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: crate::curation::Role,
    },
    /// List tokens (ids, names, roles; never secrets).
    List {
        #[command(flatten)]
        file: TokenFileArgs,
    },
    /// Revoke a token by id.
    Revoke {
        #[command(flatten)]
        file: TokenFileArgs,
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct TokenFileArgs {
    /// The token file (default: `tokens.json` in the data folder).
    #[arg(long, env = "MAILLAGE_TOKENS")]
    pub tokens: Option<PathBuf>,
    /// Directory of the on-disk store.
    #[arg(long, env = "MAILLAGE_DATA", default_value = "./data")]
    pub data: PathBuf,
}

impl TokenFileArgs {
    fn path(&self) -> PathBuf {
        self.tokens
            .clone()
            .unwrap_or_else(|| crate::curation::tokens::Tokens::default_path(&self.data))
    }
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
    #[arg(long, env = "MAILLAGE_QUERY_TIMEOUT", default_value = "30", value_parser = positive_seconds)]
    pub query_timeout: Duration,
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
    #[arg(long, env = "MAILLAGE_FEDERATION_TIMEOUT", default_value = "10", value_parser = positive_seconds)]
    pub federation_timeout: Duration,
    /// Seconds to receive a request's head (also the longest idle keep-alive).
    #[arg(long, env = "MAILLAGE_HEADER_TIMEOUT", default_value = "10", value_parser = positive_seconds)]
    pub header_timeout: Duration,
    /// Seconds to receive a request's body, from the end of its head (408 past it).
    #[arg(long, env = "MAILLAGE_BODY_TIMEOUT", default_value = "30", value_parser = positive_seconds)]
    pub body_timeout: Duration,
    /// Connections open at once; past it, 503 and closed.
    #[arg(long, env = "MAILLAGE_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// On SIGTERM or SIGINT, seconds left to requests in progress before they are cancelled.
    #[arg(long, env = "MAILLAGE_SHUTDOWN_GRACE", default_value = "10", value_parser = seconds)]
    pub shutdown_grace: Duration,
    /// Curators' token file (default: `tokens.json` in `--data`; with `--in-memory`
    /// and no file, writes are disabled).
    #[arg(long, env = "MAILLAGE_TOKENS")]
    pub tokens: Option<PathBuf>,
    /// Largest import body in bytes.
    #[arg(long, env = "MAILLAGE_MAX_IMPORT_BYTES", default_value_t = 64 << 20)]
    pub max_import_bytes: usize,
    /// Imports running or waiting at once before answering 503.
    #[arg(long, env = "MAILLAGE_MAX_PENDING_WRITES", default_value_t = 64)]
    pub max_pending_writes: usize,
    /// Apply imports without validating them against the shapes (trusted pipelines, and
    /// measuring what validation costs); syntax, duplicates and provenance still apply.
    #[arg(long, env = "MAILLAGE_NO_IMPORT_VALIDATION")]
    pub no_import_validation: bool,
    /// Terms of the views' query results kept until the next write (0: none kept).
    #[arg(long, env = "MAILLAGE_VIEW_CACHE_CELLS", default_value_t = 1_000_000)]
    pub view_cache_cells: usize,
    /// Memory one query evaluation may hold, in MiB (0: no limit); past it the query is
    /// stopped with a 503 naming the limit.
    #[arg(long, env = "MAILLAGE_QUERY_MEMORY_LIMIT", default_value_t = 2048)]
    pub query_memory_limit: usize,
}

/// A number of seconds, zero or more.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("{text:?} is not a number of seconds (0 or more)"))
}

/// A number of seconds, more than zero.
fn positive_seconds(text: &str) -> Result<Duration, String> {
    match seconds(text)? {
        d if d.is_zero() => Err("must be more than 0 seconds".to_owned()),
        d => Ok(d),
    }
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
    /// Query these RDF files (or text documents) loaded into memory; text
    /// documents come with the reference data graph, as the seeds do.
    #[arg(long, num_args = 1..)]
    pub input: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ResultsOut::Tsv)]
    pub format: ResultsOut,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
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
    let log = init_tracing();
    let result = run(cli);
    // Every log line is written before the error (and before exiting).
    drop(log);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Until the server handles SIGINT and SIGTERM (once it listens), they take their default
/// action: the process ends at once (a load in progress is atomic). A `serve` started with
/// SIGINT ignored, as a script's background job is, would otherwise not stop on it during
/// its first seed load, and would stop on it once listening.
fn default_stop_signals() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: `signal` with `SIG_DFL` installs no handler: nothing runs in signal
        // context, and no other thread handles these signals yet.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
    }
}

/// Logs to stderr: human-readable, or one JSON object a line when
/// `MAILLAGE_LOG_FORMAT=json`; the filter comes from `MAILLAGE_LOG`.
///
/// Lines are gathered and written by a thread of their own ([`crate::logging`]): a request
/// pays for formatting its line, not for a write to stderr. The returned guard writes what
/// is left when dropped.
fn init_tracing() -> Option<crate::logging::LogGuard> {
    use std::io::IsTerminal;
    use tracing_subscriber::{fmt::writer::BoxMakeWriter, EnvFilter};
    let filter = EnvFilter::try_from_env("MAILLAGE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::stderr().is_terminal();
    let json = std::env::var("MAILLAGE_LOG_FORMAT").is_ok_and(|f| f == "json");
    // Without a thread for the log, lines are written as they come.
    let (writer, guard) =
        match crate::logging::writer(Box::new(std::io::stderr()), crate::logging::FLUSH_INTERVAL) {
            Ok((writer, guard)) => (BoxMakeWriter::new(writer), Some(guard)),
            Err(_) => (BoxMakeWriter::new(std::io::stderr), None),
        };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.with_ansi(ansi).try_init()
    };
    guard
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let rebase = Rebase::new(&cli.base);
    match cli.command {
        Command::Serve(args) => serve(args, &cli.base, &rebase),
        Command::Build { out, format, seeds } => {
            let format = dataset_format(out.as_deref(), format)?;
            let documents = match seeds {
                Some(dir) => build::read_documents(&build::text_files(&dir)?)?,
                None => build::bundled_documents(),
            };
            let quads = build_corpus(&documents, &rebase, true)?;
            let bytes = match format {
                RdfOut::Nquads => build::to_nquads(&quads).into_bytes(),
                other => {
                    let mut bytes = Vec::new();
                    serialize(&quads, other, &mut bytes)?;
                    bytes
                }
            };
            write_output(out, &bytes)
        }
        Command::Convert {
            files,
            format,
            with_reference_data,
        } => {
            let documents = build::read_documents(&files)?;
            let quads = build_corpus(&documents, &rebase, with_reference_data)?;
            let mut out = std::io::stdout().lock();
            serialize(&quads, format, &mut out)
        }
        Command::Load {
            store,
            files,
            graph,
        } => load(&store.data, &files, graph.as_deref(), &rebase),
        // On a thread with the evaluation stack the text bounds are sized for.
        Command::Token { action } => token(action),
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
        Command::Gen {
            triples,
            seed,
            out,
            quads,
        } => {
            let options = crate::gen::Options {
                triples,
                seed,
                quads,
            };
            let summary = match out {
                Some(path) => crate::gen::generate(
                    &options,
                    &rebase,
                    std::fs::File::create(&path)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                ),
                None => crate::gen::generate(&options, &rebase, std::io::stdout().lock()),
            }?;
            eprint!("{summary}");
            Ok(())
        }
        Command::Dump { store, format } => {
            // The named graphs: the default graph is derived from them.
            let store = GraphStore::open(&store.data)?;
            let quads: Vec<_> = store
                .quads(None)?
                .filter(|q| !q.as_ref().is_ok_and(|q| q.graph_name.is_default_graph()))
                .collect::<Result<_, _>>()?;
            let mut out = std::io::stdout().lock();
            serialize(&build::sorted(quads), format, &mut out)
        }
    }
}

fn serve(args: ServeArgs, base: &str, rebase: &Rebase) -> anyhow::Result<()> {
    let started = Instant::now();
    default_stop_signals();
    let store = if args.in_memory {
        GraphStore::in_memory()?
    } else {
        GraphStore::open(&args.store.data)?
    };
    if store.is_empty()? {
        tracing::info!("empty store: loading the bundled seeds");
        let quads = build_corpus(&build::bundled_documents(), rebase, true)?;
        store.load_quads(&quads)?;
        store.flush()?;
        tracing::info!(
            quads = quads.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "seeds loaded"
        );
    }
    let config = ServerConfig {
        bind: args.bind,
        base: base.to_owned(),
        query_timeout: args.query_timeout,
        max_concurrent_queries: args.max_concurrent_queries.max(1),
        max_queued_queries: args.max_queued_queries,
        queue_timeout: Duration::from_secs_f64(args.queue_timeout),
        max_body_bytes: args.max_body_bytes,
        federation_allow: args.federation_allow,
        federation_timeout: args.federation_timeout,
        header_timeout: args.header_timeout,
        body_timeout: args.body_timeout,
        max_connections: args.max_connections as usize,
        shutdown_grace: args.shutdown_grace,
        tokens: args.tokens.clone().or_else(|| {
            (!args.in_memory)
                .then(|| crate::curation::tokens::Tokens::default_path(&args.store.data))
        }),
        max_import_bytes: args.max_import_bytes,
        max_pending_writes: args.max_pending_writes.max(1),
        validate_imports: !args.no_import_validation,
        view_cache_cells: args.view_cache_cells,
        query_memory_limit: (args.query_memory_limit > 0)
            .then_some(args.query_memory_limit.saturating_mul(1 << 20)),
    };
    let runtime = server_runtime()?;
    let served = runtime.block_on(server::serve(store, config));
    // An evaluation that ignores its cancellation must not hold the exit: blocking tasks
    // still running after this bound are abandoned (the process ends with them).
    runtime.shutdown_timeout(RUNTIME_EXIT_BOUND);
    served
}

/// The runtime of `maillage serve` (and of the tests' servers). Handlers parse queries
/// on its threads, and evaluate short ones there (`limits::run_fast`): they have the
/// evaluation threads' stack.
pub fn server_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(crate::sparql_limits::EVALUATION_STACK_BYTES)
        .build()
}

fn token(action: TokenAction) -> anyhow::Result<()> {
    use crate::curation::tokens::Tokens;
    match action {
        TokenAction::Add { file, name, role } => {
            let mut tokens = Tokens::load(&file.path())?;
            let (token, record) = tokens.add(&name, role, &jiff::Timestamp::now().to_string())?;
            eprintln!(
                "token {} for {} ({}) saved in {}; it is shown once:",
                record.id,
                record.name,
                record.role.as_str(),
                file.path().display()
            );
            println!("{token}");
        }
        TokenAction::List { file } => {
            for r in Tokens::load(&file.path())?.list() {
                let state = if r.revoked { "revoked" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    r.id,
                    r.name,
                    r.role.as_str(),
                    r.created
                );
            }
        }
        TokenAction::Revoke { file, id } => {
            Tokens::load(&file.path())?.revoke(&id)?;
            eprintln!("token {id} revoked");
        }
    }
    Ok(())
}
/// Longest wait for the runtime's tasks at exit, after the graceful shutdown.
const RUNTIME_EXIT_BOUND: Duration = Duration::from_secs(1);

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
/// `maillage load`: atomic whatever happens. New graphs stream through the store's
/// bulk path (memory independent of the files' size); when a file's graph exists
/// already, everything is read first and its graphs are replaced in one transaction.
fn load(
    data: &std::path::Path,
    files: &[PathBuf],
    graph: Option<&str>,
    rebase: &Rebase,
) -> anyhow::Result<()> {
    let store = GraphStore::open(data)?;
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new_spinner().with_style(
        indicatif::ProgressStyle::with_template("{spinner} {human_pos} quads read {per_sec}")?,
    );
    let stream = files
        .iter()
        .map(|file| stream_rdf_or_document(file, graph, rebase))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .inspect({
            let bar = bar.clone();
            move |_| bar.inc(1)
        });
    match store.load_new_graphs(Box::new(stream)) {
        Ok(loaded) => {
            bar.finish_and_clear();
            store.flush()?;
            eprintln!(
                "loaded {} quads into {} new graphs in {:.1} s (one atomic bulk load)",
                loaded.quads,
                loaded.graphs,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(crate::store::StoreError::NotNewGraph(existing)) => {
            bar.finish_and_clear();
            eprintln!("<{existing}> exists: its graphs are replaced in one transaction");
            let mut all = Vec::new();
            for file in files {
                let quads = read_rdf_or_document(file, graph, rebase)?;
                eprintln!("{}: {} quads", file.display(), quads.len());
                all.extend(quads);
            }
            let applied = store.load_quads(&all)?;
            store.flush_and_compact()?;
            eprintln!(
                "loaded {} quads in one transaction; current state: +{} −{} triples",
                all.len(),
                applied.added,
                applied.removed
            );
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// The quads of one file, read lazily (RDF) or extracted (a text document).
fn stream_rdf_or_document(
    path: &std::path::Path,
    graph: Option<&str>,
    rebase: &Rebase,
) -> anyhow::Result<crate::store::QuadStream> {
    if is_text_document(path) {
        let quads = read_rdf_or_document(path, graph, rebase)?;
        return Ok(Box::new(quads.into_iter().map(Ok)));
    }
    let (format, name) = rdf_file_format_and_graph(path, graph, rebase)?;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let shown = path.display().to_string();
    Ok(Box::new(
        RdfParser::from_format(format)
            .with_default_graph(name)
            .for_reader(std::io::BufReader::with_capacity(1 << 20, file))
            .map(move |q| q.map_err(|e| crate::store::StoreError::Input(format!("{shown}: {e}")))),
    ))
}

/// An RDF file's syntax (from its extension) and the graph its triples go to.
fn rdf_file_format_and_graph(
    path: &std::path::Path,
    graph: Option<&str>,
    rebase: &Rebase,
) -> anyhow::Result<(RdfFormat, oxigraph::model::NamedNode)> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let Some(format) = RdfFormat::from_extension(ext) else {
        bail!("{}: unknown RDF file extension {ext:?}", path.display());
    };
    // Triples outside any named graph (all of them in a triple syntax) go to the
    // file's graph: the store's default graph is the derived current state.
    let name = match graph {
        Some(g) => g.to_owned(),
        None => format!(
            "{}graph/file/{}",
            rebase_base(rebase),
            crate::vocab::slug(&path.file_name().unwrap_or_default().to_string_lossy())
        ),
    };
    Ok((format, oxigraph::model::NamedNode::new(name)?))
}

fn read_rdf_or_document(
    path: &std::path::Path,
    graph: Option<&str>,
    rebase: &Rebase,
) -> anyhow::Result<Vec<oxigraph::model::Quad>> {
    if is_text_document(path) {
        let documents = build::read_documents(&[path.to_owned()])?;
        return Ok(build::build(
            &documents,
            &RefData::bundled()?,
            rebase,
            false,
        ));
    }
    let (format, name) = rdf_file_format_and_graph(path, graph, rebase)?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    RdfParser::from_format(format)
        .with_default_graph(name)
        .for_slice(&bytes)
        .map(|q| q.map_err(|e| anyhow::anyhow!("{}: {e}", path.display())))
        .collect()
}

fn is_text_document(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "txt")
}

/// The syntax `build` writes: `--format`, else `--out`'s extension, else
/// N-Quads. A dataset has one graph per document, so triple-only syntaxes and
/// unknown extensions are refused rather than written wrongly.
fn dataset_format(out: Option<&std::path::Path>, format: Option<RdfOut>) -> anyhow::Result<RdfOut> {
    let by_extension = match out.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        None => None,
        Some(ext) => match RdfFormat::from_extension(ext) {
            Some(RdfFormat::NQuads) => Some(RdfOut::Nquads),
            Some(RdfFormat::TriG) => Some(RdfOut::Trig),
            Some(f) => bail!(
                "{}: .{ext} is {}, which has no named graphs; the build is a dataset \
                 (one graph per document): write .nq (N-Quads) or .trig (TriG)",
                out.unwrap_or_else(|| std::path::Path::new("")).display(),
                f.name()
            ),
            None if format.is_some() => None,
            None => bail!(
                "{}: unknown extension .{ext}; write .nq (N-Quads) or .trig (TriG), or give --format",
                out.unwrap_or_else(|| std::path::Path::new("")).display()
            ),
        },
    };
    match (format, by_extension) {
        (Some(RdfOut::Turtle | RdfOut::Ntriples), _) => {
            bail!("the build is a dataset (one graph per document): use --format nquads or trig")
        }
        (Some(f), Some(e)) if f != e => bail!(
            "--format {f:?} contradicts the extension of {}",
            out.unwrap_or_else(|| std::path::Path::new("")).display()
        ),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(RdfOut::Nquads),
    }
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
        if args.input.iter().any(|f| is_text_document(f)) {
            let refdata = RefData::bundled()?;
            store.load_quads(&build::build(&[], &refdata, rebase, true))?;
        }
        store
    };
    crate::sparql_limits::check(&text)?;
    let parsed = spargebra::SparqlParser::new().parse_query(&text)?;
    crate::sparql_limits::check_query(&parsed)?;
    let results = store.query(
        parsed,
        &crate::store::DatasetSpec::Query,
        &crate::store::QueryOptions::default(),
    )?;
    let mut out = std::io::stdout().lock();
    match results {
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle).for_writer(&mut out);
            for t in triples {
                ser.serialize_triple(&t.map_err(crate::store::StoreError::from)?)?;
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
                        writer.serialize(&solution.map_err(crate::store::StoreError::from)?)?;
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
