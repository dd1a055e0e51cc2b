//! The zip package of a Word file: which part is the document, which parts
//! hold its styles, numbering and footnotes, and their text, read under size
//! limits so a zip bomb costs at most the limit.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{xml, Limits};
use crate::read::ReadError;

/// Content types of the main part of a Word document, macro-enabled
/// document and template: the package is a Word file when one of them is
/// declared.
const MAIN_CONTENT_TYPES: [&str; 4] = [
    "wordprocessingml.document.main+xml",
    "wordprocessingml.template.main+xml",
    "ms-word.document.macroenabled.main+xml",
    "ms-word.template.macroenabledtemplate.main+xml",
];

pub struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    limits: Limits,
    /// Bytes of XML read so far, against [`Limits::total_bytes`].
    read: u64,
}

/// The parts of a Word document the reader uses, as XML text.
pub struct Parts {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
}

fn error(reason: impl Into<String>) -> ReadError {
    ReadError::Office(reason.into())
}

impl<'b> Package<'b> {
    pub fn open(bytes: &'b [u8], limits: Limits) -> Result<Self, ReadError> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| error(format!("not a readable zip archive: {e}")))?;
        if zip.len() > limits.entries {
            return Err(error(format!(
                "the archive has {} entries, more than the limit of {}",
                zip.len(),
                limits.entries
            )));
        }
        Ok(Package {
            zip,
            limits,
            read: 0,
        })
    }

    /// The name of the main document part: the part declared with a Word
    /// content type, else (generators that only declare defaults) the
    /// package's office-document relationship.
    fn main_part(&mut self) -> Result<Option<String>, ReadError> {
        let Some(types) = self.text("[Content_Types].xml")? else {
            return Ok(None);
        };
        let doc = xml::parse(&types, "[Content_Types].xml")?;
        let declared = doc
            .root_element()
            .children()
            .filter(|n| xml::is(*n, "Override"))
            .find(|n| {
                let kind = xml::attr(*n, "ContentType")
                    .unwrap_or("")
                    .to_ascii_lowercase();
                MAIN_CONTENT_TYPES.iter().any(|t| kind.ends_with(t))
            })
            .and_then(|n| xml::attr(n, "PartName"))
            .map(|name| name.trim_start_matches('/').to_string());
        match declared {
            Some(name) => Ok(Some(name)),
            None => Ok(self.relationships("")?.remove("officeDocument")),
        }
    }

    /// The document part and the parts its relationships name.
    pub fn parts(mut self) -> Result<Parts, ReadError> {
        let main = self
            .main_part()?
            .ok_or_else(|| error("no Word document part in the package"))?;
        let document = self
            .text(&main)?
            .ok_or_else(|| error(format!("the document part {main} is missing")))?;
        let related = self.relationships(&main)?;
        let mut part = |kind: &str| -> Result<Option<String>, ReadError> {
            match related.get(kind) {
                Some(name) => self.text(name),
                None => Ok(None),
            }
        };
        Ok(Parts {
            styles: part("styles")?,
            numbering: part("numbering")?,
            footnotes: part("footnotes")?,
            endnotes: part("endnotes")?,
            document,
        })
    }

    /// Relationship kind (the last segment of its type URI) to part name,
    /// of `part` or, for "", of the package.
    fn relationships(&mut self, part: &str) -> Result<HashMap<String, String>, ReadError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(rels) = self.text(&rels_name)? else {
            return Ok(HashMap::new());
        };
        let doc = xml::parse(&rels, &rels_name)?;
        let mut out = HashMap::new();
        for rel in doc
            .root_element()
            .children()
            .filter(|n| xml::is(*n, "Relationship"))
        {
            let (Some(kind), Some(target)) = (xml::attr(rel, "Type"), xml::attr(rel, "Target"))
            else {
                continue;
            };
            if xml::attr(rel, "TargetMode") == Some("External") {
                continue;
            }
            let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
            out.entry(kind).or_insert_with(|| resolve(dir, target));
        }
        Ok(out)
    }

    /// The entry `name` as text, or None when the package has no such entry.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let mut entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(error(format!("{name}: {e}"))),
        };
        let limit = self.limits.entry_bytes;
        if entry.size() > limit {
            return Err(error(format!(
                "{name} unpacks to {} MB, more than the limit of {} MB",
                entry.size() >> 20,
                limit >> 20
            )));
        }
        // The declared size can lie: the limit holds on what is inflated.
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| error(format!("{name}: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(error(format!(
                "{name} unpacks to more than the limit of {} MB",
                limit >> 20
            )));
        }
        self.read += bytes.len() as u64;
        if self.read > self.limits.total_bytes {
            return Err(error(format!(
                "the parts read unpack to more than the limit of {} MB",
                self.limits.total_bytes >> 20
            )));
        }
        xml::decode(bytes)
            .map(Some)
            .map_err(|e| error(format!("{name}: {e}")))
    }
}

/// A relationship target relative to the source part's folder, as a part name.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve("word", "../customXml/item.xml"),
            "customXml/item.xml"
        );
        assert_eq!(resolve("word", "/word/numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
