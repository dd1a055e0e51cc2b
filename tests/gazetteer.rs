//! The gazetteer against what the issue asks of it, and against the
//! localities of every gold plan in ../shared.

mod common;

use vnplan::gazetteer::{self, Context, Era, Kind, Level, Resolution};

fn old() -> Context {
    Context::new(Some(Era::Before2025))
}

fn new() -> Context {
    Context::new(Some(Era::From2025))
}

#[test]
fn kong_chro_township_its_district_and_province_with_codes() {
    let g = gazetteer::get();
    let township = g
        .resolve("Kông Chro", Some("thị trấn"), &old())
        .unique()
        .unwrap();
    let place = g.place(township.id);
    assert_eq!(
        (place.code.as_str(), place.kind, place.level),
        ("23824", Kind::Township, Level::Commune)
    );
    let parents: Vec<(&str, Kind, &str)> = place
        .parents
        .iter()
        .map(|p| (p.code.as_str(), p.kind, p.name.as_str()))
        .collect();
    assert_eq!(
        parents,
        [
            ("630", Kind::RuralDistrict, "Kông Chro"),
            ("64", Kind::Province, "Gia Lai")
        ]
    );
    // After 2025 the township is xã Kông Chro of the merged tỉnh Gia Lai.
    let after: Vec<String> = g.successors(township.id).map(|u| u.full_name()).collect();
    assert_eq!(after, ["xã Kông Chro"]);
    let successor = g.successors(township.id).next().unwrap();
    assert_eq!(
        g.parents(successor.id)
            .map(|p| (p.code, p.name))
            .collect::<Vec<_>>(),
        [("52", "Gia Lai")]
    );
}

#[test]
fn hue_and_thua_thien_hue_are_the_city_of_hue() {
    let g = gazetteer::get();
    for phrase in [
        "Huế",
        "Thừa Thiên Huế",
        "tỉnh Thừa Thiên Huế",
        "thành phố Huế",
        "TP. Huế",
        "THỪA THIÊN HUẾ",
        "Thua Thien Hue",
    ] {
        let unit = g.resolve_phrase(phrase, &old()).unique();
        assert_eq!(
            unit.map(|u| (u.code, u.kind)),
            Some(("46", Kind::CentralCity)),
            "{phrase}"
        );
    }
    let after = g.resolve_phrase("thành phố Huế", &new()).unique().unwrap();
    assert_eq!((after.code, after.level()), ("46", Level::Province));
}

#[test]
fn merged_provinces_map_to_their_successor() {
    let g = gazetteer::get();
    let kon_tum = g.resolve("Kon Tum", Some("tỉnh"), &old()).unique().unwrap();
    assert_eq!(kon_tum.code, "62");
    let successors: Vec<(&str, &str)> =
        g.successors(kon_tum.id).map(|u| (u.code, u.name)).collect();
    assert_eq!(successors, [("51", "Quảng Ngãi")]);
    let quang_ngai = g.by_code(Era::From2025, "51").unwrap();
    let mut before: Vec<&str> = g.predecessors(quang_ngai.id).map(|u| u.name).collect();
    before.sort();
    assert_eq!(before, ["Kon Tum", "Quảng Ngãi"]);
    // A district has no successor of its level: the communes that cover it.
    let kon_ray = g
        .resolve("Kon Rẫy", Some("huyện"), &old())
        .unique()
        .unwrap();
    let communes: Vec<&gazetteer::Unit> = g.successors(kon_ray.id).collect();
    assert!(communes.len() >= 2 && communes.iter().all(|c| c.level() == Level::Commune));
    assert!(communes
        .iter()
        .all(|c| g.parent(c.id).map(|p| p.code) == Some("51")));
}

#[test]
fn spellings_of_one_name_find_one_unit() {
    let g = gazetteer::get();
    let spellings = [
        ["Hòa Bình", "Hoà Bình", "HOÀ BÌNH", "Hoa Binh"],
        ["Thủy Nguyên", "Thuỷ Nguyên", "thuy nguyen", "THỦY NGUYÊN"],
        ["Đắk Pling", "Đăk Pling", "Dak Pling", "ĐĂK PLING"],
    ];
    for (names, kind) in spellings.iter().zip(["tỉnh", "thành phố", "xã"]) {
        let codes: Vec<Option<&str>> = names
            .iter()
            .map(|n| g.resolve(n, Some(kind), &old()).unique().map(|u| u.code))
            .collect();
        assert!(
            codes[0].is_some() && codes.iter().all(|c| *c == codes[0]),
            "{names:?}: {codes:?}"
        );
    }
    // An earlier name resolves too: huyện Mộc Châu became a thị xã.
    let moc_chau = g
        .resolve("Mộc Châu", Some("huyện"), &old())
        .unique()
        .unwrap();
    assert_eq!(moc_chau.kind, Kind::Town);
}

#[test]
fn a_shared_name_is_ambiguous_until_the_context_names_the_district() {
    let g = gazetteer::get();
    // Three wards are called Tây Sơn, two of them in tỉnh Gia Lai.
    let all = g.resolve("Tây Sơn", Some("phường"), &old()).candidates();
    assert_eq!(
        all.iter().map(|u| u.code).collect::<Vec<_>>(),
        ["14369", "23575", "23617"]
    );
    let gia_lai = g.resolve("Gia Lai", Some("tỉnh"), &old()).unique().unwrap();
    let in_province = g
        .resolve("Tây Sơn", Some("phường"), &old().within(gia_lai.id))
        .candidates();
    assert_eq!(
        in_province.iter().map(|u| u.code).collect::<Vec<_>>(),
        ["23575", "23617"]
    );
    let an_khe = g
        .resolve("An Khê", Some("thị xã"), &old())
        .unique()
        .unwrap();
    let context = old().within(gia_lai.id).within(an_khe.id);
    assert_eq!(
        g.resolve("Tây Sơn", Some("phường"), &context)
            .unique()
            .map(|u| u.code),
        Some("23617")
    );
    let sentence = g.mentions("phường Tây Sơn, thị xã An Khê, tỉnh Gia Lai", &old());
    assert_eq!(
        sentence[0].resolution.unique().map(|u| u.code),
        Some("23617")
    );

    let Resolution::Ambiguous(many) = g.resolve("Tân Lập", Some("xã"), &old()) else {
        panic!("many communes are called Tân Lập");
    };
    for unit in &many {
        let district = g.parent(unit.id).unwrap();
        let one = g.resolve("Tân Lập", Some("xã"), &old().within(district.id));
        assert_eq!(
            one.unique().map(|u| u.id),
            Some(unit.id),
            "in {}",
            district.full_name()
        );
    }
}

#[test]
fn every_gold_locality_resolves_to_one_unit() {
    let g = gazetteer::get();
    let mut checked = 0;
    for folder in ["gold", "gold-corpus", "gold-real"] {
        for entry in std::fs::read_dir(common::shared(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let gold: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let meta = &gold["metadata"];
            let (Some(name), Some(kind)) =
                (meta["locality"].as_str(), meta["locality_kind"].as_str())
            else {
                continue;
            };
            let era = meta["date"]
                .as_str()
                .and_then(Era::of_date)
                .or_else(|| meta["year"].as_i64().and_then(|y| Era::of_year(y as i32)));
            let resolution = g.resolve(name, Some(kind), &Context::new(era));
            let unit = resolution
                .unique()
                .unwrap_or_else(|| panic!("{}: {kind} {name}: {resolution:?}", path.display()));
            assert_eq!(unit.kind.word(), kind.to_lowercase(), "{}", path.display());
            let level = serde_json::to_value(unit.level()).unwrap();
            assert_eq!(level, meta["level"], "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 9, "{checked} gold localities");
}

#[test]
fn the_embedded_data_is_small() {
    let bytes = std::fs::metadata(common::root().join("data/gazetteer/units.tsv"))
        .unwrap()
        .len();
    assert!(bytes < 1 << 20, "units.tsv is {bytes} bytes");
}

#[test]
fn places_named_in_the_seed_plans() {
    let g = gazetteer::get();
    let gia_lai = g.resolve("Gia Lai", Some("tỉnh"), &old()).unique().unwrap();
    let province_plan =
        std::fs::read_to_string(common::fixtures("seeds/004_51edf642af5df24a.txt")).unwrap();
    let line = province_plan
        .lines()
        .find(|l| l.contains("Kông Chro giảm"))
        .unwrap();
    let found = g.mentions(line, &old().within(gia_lai.id));
    let district = found[0].resolution.unique().unwrap();
    assert_eq!((found[0].name, district.code), ("Kông Chro", "630"));
    assert_eq!(g.parent(district.id).map(|p| p.code), Some("64"));

    // With each plan's era, no place its lines name is left ambiguous.
    for entry in std::fs::read_dir(common::fixtures("seeds")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            for mention in g.mentions(line, &old()) {
                let ambiguous = matches!(mention.resolution, Resolution::Ambiguous(_));
                assert!(!ambiguous, "{line}: {mention:?}");
            }
        }
    }
}
