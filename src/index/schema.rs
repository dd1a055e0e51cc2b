//! The index's schema: which fields a passage (and a plan's record) has,
//! how each is analysed, and the handles of the fields, looked up once.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

use super::analyzer;

/// The index's fields, looked up once.
#[derive(Clone, Copy)]
pub struct Fields {
    /// "passage", or "plan" for a plan's record.
    pub record: Field,
    pub id: Field,
    pub plan_id: Field,
    /// The plan id as a number (its 16 hex digits), for grouping and counting
    /// plans, and finding a plan's passages beside its record.
    pub plan_key: Field,
    /// The document the plan is ([`super::identity::document_key`]): its
    /// files' passages count and show as one.
    pub document_key: Field,
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
    /// A plan record's words, folded, its pairs and its projects: what the
    /// first look for the best plans reads.
    pub plan_text: Field,
    pub plan_pairs: Field,
    pub plan_projects: Field,
    /// Each section kind and project of a plan's passages with each word
    /// of them ("tasks bao"): a search narrowed to a kind or a project looks
    /// first for the plans whose passages in it hold its words
    /// ([`super::document::scoped_word`]).
    pub plan_scoped_words: Field,
    /// What a plan record answers of each filter, as `name=value`
    /// ([`super::document::plan_filter`]): the record's own terms, where a
    /// filter's term shared with the passages walks some forty passages for
    /// each record it finds.
    pub plan_filters: Field,
}

pub fn schema() -> Schema {
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
    // Words and pairs counted, not placed: a record is never asked for a phrase.
    let counted = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    b.add_text_field("record", STRING);
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("plan_id", STRING | STORED);
    b.add_u64_field("plan_key", FAST);
    b.add_u64_field("document_key", INDEXED | FAST);
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
    b.add_text_field("text_pairs", counted(analyzer::PAIRS));
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
    b.add_text_field("plan_text", counted(analyzer::FOLDED));
    b.add_text_field("plan_pairs", counted(analyzer::PAIRS));
    b.add_text_field("plan_projects", counted("raw"));
    // Only whether a plan has them: a filter, never scored.
    b.add_text_field(
        "plan_scoped_words",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    b.add_text_field("plan_filters", STRING);
    b.build()
}

impl Fields {
    /// The fields of `schema`; the index must have been built by this version.
    pub fn of(schema: &Schema) -> anyhow::Result<Fields> {
        if *schema != self::schema() {
            anyhow::bail!(
                "the index was built by another version of vnplan: ingest again into a new data directory"
            );
        }
        let f = |name: &str| schema.get_field(name).expect("the schema was checked");
        Ok(Fields {
            record: f("record"),
            id: f("id"),
            plan_id: f("plan_id"),
            plan_key: f("plan_key"),
            document_key: f("document_key"),
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
            plan_text: f("plan_text"),
            plan_pairs: f("plan_pairs"),
            plan_projects: f("plan_projects"),
            plan_scoped_words: f("plan_scoped_words"),
            plan_filters: f("plan_filters"),
        })
    }
}
