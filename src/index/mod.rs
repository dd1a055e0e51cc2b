//! The full-text index (tantivy) over every plan's passages, in `DIR/index`.
//!
//! One index document per passage ([`passage::Passage`]). Its text goes into
//! two fields, `text` (exact: diacritics kept) and `text_folded` (no
//! diacritics), each with its analyzer from [`analyzer`]; the plan's own
//! description and the headings above the passage ([`passage::Passage::context`])
//! into `context` and `context_folded`, so that a query's words may be found
//! in the passage or in what it stands under; neighbouring syllables into
//! `text_pairs`. Projects and programmes are tags
//! (raw terms with frequencies, so a query on them keeps tantivy's pruning);
//! a sub-project's passage is also tagged with its project. Plans are replaced whole:
//! adding a plan first deletes every passage with its `plan_id`, so
//! re-ingesting never duplicates.
//!
//! [`PlanWriter::put`] turns a plan into documents before it takes the
//! writer's lock, so callers on many threads (the batch's rayon workers)
//! build them in parallel.

pub mod analyzer;
pub mod collect;
pub mod compile;
pub mod directory;
pub mod facets;
pub mod passage;
pub mod query;
pub mod search;
pub mod snippet;

use std::path::Path;

use anyhow::{Context, Result};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::model::Plan;
use crate::vi::key::fold;
use passage::{passages, Passage};

/// The index's fields, looked up once.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub plan_id: Field,
    /// The plan id as a number (its 16 hex digits), for counting plans.
    pub plan_key: Field,
    pub part: Field,
    pub source_path: Field,
    pub doc_type: Field,
    pub doc_type_key: Field,
    pub title: Field,
    pub doc_number: Field,
    pub issuer: Field,
    pub locality: Field,
    pub locality_kind: Field,
    pub locality_key: Field,
    pub level: Field,
    pub province: Field,
    pub province_key: Field,
    pub year: Field,
    pub section_id: Field,
    pub section_path: Field,
    pub heading: Field,
    pub kind: Field,
    pub span_start: Field,
    pub span_end: Field,
    pub text: Field,
    pub text_folded: Field,
    pub context: Field,
    pub context_folded: Field,
    pub text_pairs: Field,
    pub programmes: Field,
    pub projects: Field,
    pub cites: Field,
}

fn schema() -> Schema {
    let mut b = Schema::builder();
    let analyzed = |name: &str, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(name)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let stored_number = || NumericOptions::default().set_stored();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("plan_id", STRING | STORED);
    b.add_u64_field("plan_key", FAST);
    b.add_text_field("part", STORED);
    b.add_text_field("source_path", STORED);
    b.add_text_field("doc_type", STRING | STORED | FAST);
    b.add_text_field("doc_type_key", STRING);
    b.add_text_field("title", STORED);
    b.add_text_field("doc_number", STORED);
    b.add_text_field("issuer", STORED);
    b.add_text_field("locality", STRING | STORED | FAST);
    b.add_text_field("locality_kind", STORED);
    b.add_text_field("locality_key", STRING);
    b.add_text_field("level", STRING | STORED | FAST);
    b.add_text_field("province", STRING | STORED | FAST);
    b.add_text_field("province_key", STRING);
    b.add_i64_field(
        "year",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    b.add_text_field("section_id", STORED);
    b.add_text_field("section_path", STORED);
    b.add_text_field("heading", STORED);
    b.add_text_field("kind", STRING | STORED | FAST);
    b.add_u64_field("span_start", stored_number());
    b.add_u64_field("span_end", stored_number());
    b.add_text_field("text", analyzed(analyzer::EXACT, true));
    b.add_text_field("text_folded", analyzed(analyzer::FOLDED, false));
    b.add_text_field("context", analyzed(analyzer::EXACT, true));
    b.add_text_field("context_folded", analyzed(analyzer::FOLDED, false));
    // Pairs are matched as terms, never as phrases: no positions.
    b.add_text_field(
        "text_pairs",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::PAIRS)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let tags = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored()
        .set_fast("raw");
    b.add_text_field("programmes", tags.clone());
    b.add_text_field("projects", tags);
    b.add_text_field("cites", STRING | STORED);
    b.build()
}

impl Fields {
    /// The fields of `schema`; the index must have been built by this version.
    fn of(schema: &Schema) -> Result<Fields> {
        if *schema != self::schema() {
            anyhow::bail!(
                "the index was built by another version of vnplan: ingest again into a new data directory"
            );
        }
        let f = |name: &str| schema.get_field(name).expect("the schema was checked");
        Ok(Fields {
            id: f("id"),
            plan_id: f("plan_id"),
            plan_key: f("plan_key"),
            part: f("part"),
            source_path: f("source_path"),
            doc_type: f("doc_type"),
            doc_type_key: f("doc_type_key"),
            title: f("title"),
            doc_number: f("doc_number"),
            issuer: f("issuer"),
            locality: f("locality"),
            locality_kind: f("locality_kind"),
            locality_key: f("locality_key"),
            level: f("level"),
            province: f("province"),
            province_key: f("province_key"),
            year: f("year"),
            section_id: f("section_id"),
            section_path: f("section_path"),
            heading: f("heading"),
            kind: f("kind"),
            span_start: f("span_start"),
            span_end: f("span_end"),
            text: f("text"),
            text_folded: f("text_folded"),
            context: f("context"),
            context_folded: f("context_folded"),
            text_pairs: f("text_pairs"),
            programmes: f("programmes"),
            projects: f("projects"),
            cites: f("cites"),
        })
    }
}

/// Segments with this many passages are not merged again. A merge holds
/// part of each segment it reads in memory, so unbounded merges made the
/// batch's memory grow with the corpus (20,000 plans: a 670,000-passage
/// merge, 131 MiB peak). Bounded, merged segments stop at about 8 checkpoints
/// of passages (~85,000, ~2,000 plans) and the index holds one segment per
/// ~2,000 plans, which costs searches little (40 segments instead of 12 for
/// 10,000 plans: p99 +10%).
const SEGMENT_DOCS_MERGE_LIMIT: usize = 50_000;

/// An open index with its analyzers registered.
pub struct PlanIndex {
    pub index: Index,
    pub fields: Fields,
    /// Opened on first search and kept: opening a reader costs more than most queries.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
}

/// Where the index of a data directory lives.
pub fn index_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("index")
}

impl PlanIndex {
    /// Opens the index of `data_dir` to write it, creating it when absent.
    /// Reading through this handle does not map the index
    /// ([`directory::StreamingDirectory`]); searches should use [`PlanIndex::open`].
    pub fn open_or_create(data_dir: &Path) -> Result<PlanIndex> {
        let dir = index_dir(data_dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let directory = directory::StreamingDirectory::open(&dir)?;
        let index = Index::open_or_create(directory, schema())
            .with_context(|| format!("cannot open {}", dir.display()))?;
        Self::ready(index)
    }

    /// Opens an existing index for reading.
    pub fn open(data_dir: &Path) -> Result<PlanIndex> {
        let dir = index_dir(data_dir);
        let index = Index::open_in_dir(&dir).with_context(|| {
            format!("no index in {} (run `vnplan ingest` first)", dir.display())
        })?;
        Self::ready(index)
    }

    fn ready(index: Index) -> Result<PlanIndex> {
        analyzer::register(&index);
        let fields = Fields::of(&index.schema())?;
        Ok(PlanIndex {
            index,
            fields,
            reader: std::sync::OnceLock::new(),
        })
    }

    /// The searcher of the last commit visible when the reader was opened.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        if self.reader.get().is_none() {
            let reader = self
                .index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()?;
            let _ = self.reader.set(reader);
        }
        Ok(self.reader.get().expect("reader set above").searcher())
    }

    /// Plan id -> number of passages, for every plan in the index.
    pub fn plan_passages(&self) -> Result<std::collections::BTreeMap<String, usize>> {
        use tantivy::schema::Value;
        let searcher = self.index.reader()?.searcher();
        let mut counts = std::collections::BTreeMap::new();
        for address in searcher.search(
            &tantivy::query::AllQuery,
            &tantivy::collector::DocSetCollector,
        )? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.plan_id)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            *counts.entry(id.to_string()).or_insert(0) += 1;
        }
        Ok(counts)
    }

    pub fn writer(&self) -> Result<PlanWriter<'_>> {
        // One thread and a modest arena: the batch is parallel over files already.
        let writer: IndexWriter = self.index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        let mut merges = tantivy::indexer::LogMergePolicy::default();
        merges.set_max_docs_before_merge(SEGMENT_DOCS_MERGE_LIMIT);
        writer.set_merge_policy(Box::new(merges));
        Ok(PlanWriter {
            index: self,
            writer,
            replacing: std::sync::Mutex::new(()),
        })
    }
}

/// Adds and removes plans; nothing is visible to readers before [`PlanWriter::commit`].
pub struct PlanWriter<'a> {
    index: &'a PlanIndex,
    writer: IndexWriter,
    /// Keeps one plan's delete and adds together: two threads replacing the
    /// same plan must not interleave, or both copies would survive.
    replacing: std::sync::Mutex<()>,
}

impl PlanWriter<'_> {
    /// Replaces every passage of `plan` (by plan id). Safe to call from many threads.
    pub fn put(&self, plan: &Plan) -> Result<()> {
        let documents: Vec<TantivyDocument> = passages(plan)
            .iter()
            .map(|p| document(&self.index.fields, p))
            .collect();
        let _guard = self
            .replacing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.remove(&plan.id);
        for doc in documents {
            self.writer.add_document(doc)?;
        }
        Ok(())
    }

    pub fn remove(&self, plan_id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.plan_id, plan_id));
    }

    /// Makes every change since the last commit visible, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Waits for the segment merges the commits started. A writer dropped
    /// instead abandons them, and a batch that adds a few plans each run
    /// would then pile up small segments for ever.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// The number of a plan id: its 16 hex digits (the first 64 bits of its hash).
pub fn plan_key(plan_id: &str) -> u64 {
    u64::from_str_radix(plan_id, 16).unwrap_or_else(|_| {
        let hash = blake3::hash(plan_id.as_bytes());
        u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
    })
}

fn document(f: &Fields, p: &Passage) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &p.id);
    doc.add_text(f.plan_id, &p.plan_id);
    doc.add_u64(f.plan_key, plan_key(&p.plan_id));
    doc.add_text(f.part, &p.part);
    doc.add_text(f.source_path, &p.source_path);
    let optional = [
        (f.doc_type, &p.doc_type),
        (f.title, &p.title),
        (f.doc_number, &p.doc_number),
        (f.issuer, &p.issuer),
        (f.locality, &p.locality),
        (f.locality_kind, &p.locality_kind),
        (f.level, &p.level),
        (f.province, &p.province),
        (f.section_id, &p.section_id),
    ];
    for (field, value) in optional {
        if let Some(v) = value {
            doc.add_text(field, v);
        }
    }
    if let Some(l) = &p.locality {
        doc.add_text(f.locality_key, fold(l));
    }
    if let Some(pr) = &p.province {
        doc.add_text(f.province_key, fold(pr));
    }
    if let Some(y) = p.year {
        doc.add_i64(f.year, y.into());
    }
    if let Some(span) = p.span {
        doc.add_u64(f.span_start, span.start as u64);
        doc.add_u64(f.span_end, span.end as u64);
    }
    doc.add_text(f.section_path, p.section_path.join(" › "));
    doc.add_text(f.heading, &p.heading);
    doc.add_text(f.kind, &p.kind);
    for kind in p.kinds_above.iter().filter(|k| **k != p.kind) {
        doc.add_text(f.kind, kind);
    }
    doc.add_text(f.text, &p.text);
    doc.add_text(f.text_folded, &p.text);
    doc.add_text(f.text_pairs, &p.text);
    doc.add_text(f.context, &p.context);
    doc.add_text(f.context_folded, &p.context);
    if let Some(d) = &p.doc_type {
        doc.add_text(f.doc_type_key, fold(d));
    }
    for code in &p.programmes {
        doc.add_text(f.programmes, code);
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &p.projects {
        if let Some(key) = passage::tag_key(tag) {
            for t in [
                passage::project_tag(&key.programme, key.project, None),
                tag.clone(),
            ] {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
    }
    for t in &tags {
        doc.add_text(f.projects, t);
    }
    for key in &p.cites {
        doc.add_text(f.cites, key);
    }
    doc
}
