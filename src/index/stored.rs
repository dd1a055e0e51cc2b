//! A document's stored fields as a hit reads them: each value kept as it
//! was read and moved out when asked for. tantivy's own document copies
//! every value into an arena, and a hit then copied each string again;
//! a page's hits read a few dozen documents.

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, OwnedValue};

#[derive(Debug, Default)]
pub struct Stored(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for Stored {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut deserializer: D,
    ) -> Result<Self, DeserializeError> {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some(value) = deserializer.next_field::<OwnedValue>()? {
            values.push(value);
        }
        Ok(Stored(values))
    }
}

impl Stored {
    /// The first text of `field`, taken out; None when it has none.
    pub fn take(&mut self, field: Field) -> Option<String> {
        self.0.iter_mut().find_map(|(f, value)| match value {
            OwnedValue::Str(text) if *f == field => Some(std::mem::take(text)),
            _ => None,
        })
    }

    /// The first text of `field`, taken out; empty when it has none.
    pub fn take_or_empty(&mut self, field: Field) -> String {
        self.take(field).unwrap_or_default()
    }

    /// Every text of `field`, taken out, in order.
    pub fn take_all(&mut self, field: Field) -> Vec<String> {
        self.0
            .iter_mut()
            .filter_map(|(f, value)| match value {
                OwnedValue::Str(text) if *f == field => Some(std::mem::take(text)),
                _ => None,
            })
            .collect()
    }

    pub fn u64(&self, field: Field) -> Option<u64> {
        self.0.iter().find_map(|(f, value)| match value {
            OwnedValue::U64(n) if *f == field => Some(*n),
            _ => None,
        })
    }

    pub fn i64(&self, field: Field) -> Option<i64> {
        self.0.iter().find_map(|(f, value)| match value {
            OwnedValue::I64(n) if *f == field => Some(*n),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED, STRING};
    use tantivy::{doc, Index, TantivyDocument};

    #[test]
    fn fields_read_as_tantivys_document_reads_them() {
        let mut schema = Schema::builder();
        let tag = schema.add_text_field("tag", STRING | STORED);
        let title = schema.add_text_field("title", STORED);
        let count = schema.add_u64_field("count", STORED);
        let year = schema.add_i64_field("year", STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(
                doc!(tag => "a", title => "Kế hoạch", tag => "b", count => 7u64, year => -3i64),
            )
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let address = tantivy::DocAddress::new(0, 0);
        let mut stored: Stored = searcher.doc(address).unwrap();
        let theirs: TantivyDocument = searcher.doc(address).unwrap();
        assert_eq!(theirs.len(), stored.0.len());
        assert_eq!((stored.u64(count), stored.i64(year)), (Some(7), Some(-3)));
        assert_eq!(stored.take(title).as_deref(), Some("Kế hoạch"));
        assert_eq!(stored.take_all(tag), ["a", "b"]);
        // Taken out: what is left of a text is empty.
        assert_eq!(stored.take_or_empty(title), "");
        assert_eq!(stored.take(count), None);
    }
}
