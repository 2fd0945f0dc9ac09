//! Properties of the event-stream parser (`runtime/sse.rs`), which is crate-private:
//! any chunking of the same bytes gives the same events, arbitrary bytes never panic, and
//! line ends are found where a byte-by-byte search finds them.

use std::collections::VecDeque;

use crate::runtime::sse::{line_end, RawEvent, SseParser, TooLarge};

/// Feeds `bytes` cut at `cuts` (positions, any order, any range).
fn parse_cut(bytes: &[u8], cuts: &[usize], limit: usize) -> Result<Vec<RawEvent>, TooLarge> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut parser = SseParser::new(limit);
    let mut out = VecDeque::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        parser.feed(bytes.get(start..cut).unwrap_or_default(), &mut out)?;
        start = cut;
    }
    Ok(out.into_iter().collect())
}

/// An event stream written with the given line end, fields and comments.
fn written(events: &[(Option<String>, Vec<String>, Option<String>)], eol: &str) -> Vec<u8> {
    let mut text = String::from("\u{FEFF}: hello");
    text.push_str(eol);
    for (event, data, id) in events {
        if let Some(event) = event {
            text.push_str(&format!("event: {event}{eol}"));
        }
        if let Some(id) = id {
            text.push_str(&format!("id:{id}{eol}"));
        }
        for line in data {
            text.push_str(&format!("data: {line}{eol}: keep-alive{eol}"));
        }
        text.push_str(eol);
    }
    text.into_bytes()
}

proptest::proptest! {
    #[test]
    fn any_chunking_gives_the_same_events(
        events in proptest::collection::vec((
            proptest::option::of("[a-z]{1,8}"),
            proptest::collection::vec("[^\r\n]{0,12}", 1..4),
            proptest::option::of("[a-z0-9]{1,4}"),
        ), 0..6),
        eol in proptest::sample::select(vec!["\n", "\r", "\r\n"]),
        cuts in proptest::collection::vec(0usize..4096, 0..40),
    ) {
        let bytes = written(&events, eol);
        let whole = parse_cut(&bytes, &[], 1 << 20).unwrap();
        proptest::prop_assert_eq!(whole.len(), events.len());
        for (got, (event, data, _)) in whole.iter().zip(&events) {
            proptest::prop_assert_eq!(&got.event, event.as_deref().unwrap_or("message"));
            proptest::prop_assert_eq!(&got.data, &data.join("\n"));
        }
        let cut = parse_cut(&bytes, &cuts, 1 << 20).unwrap();
        proptest::prop_assert_eq!(cut, whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_chunking_never_matters(
        bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(b"\r\n: adeintyv\xEF\xBB\xBF".to_vec()),
            proptest::num::u8::ANY,
        ], 0..512),
        cuts in proptest::collection::vec(0usize..512, 0..32),
        limit in 1usize..600,
    ) {
        let whole = parse_cut(&bytes, &[], limit);
        let cut = parse_cut(&bytes, &cuts, limit);
        if let (Ok(whole), Ok(cut)) = (&whole, &cut) {
            proptest::prop_assert_eq!(whole, cut);
        }
        // The limit never depends on where the chunks end.
        proptest::prop_assert_eq!(whole.is_ok(), cut.is_ok());
    }

    #[test]
    fn line_ends_are_where_a_byte_by_byte_search_finds_them(
        bytes in proptest::collection::vec(proptest::prop_oneof![
            30 => proptest::sample::select(b"data: {}\"x\xC3\xA9".to_vec()),
            1 => proptest::sample::select(b"\r\n".to_vec()),
        ], 0..200),
    ) {
        let slow = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
        proptest::prop_assert_eq!(line_end(&bytes), slow);
    }
}
