//! The one attribute schema for messages a service dead-letters itself.
//!
//! Both pipes (requests into chain-svc, results into campaign-svc) send what they cannot use to
//! their dead-letter topic. An operator reading either `-dlq-sub` must find the same attributes,
//! so both services build them here: [`attributes`] keeps the original message's attributes (its
//! `request_id`, trace context) and adds:
//!
//! * [`REASON`] (`dead_letter_reason`): a short, fixed label (`malformed`, `unknown_grant`, ...),
//!   the same label the services' dead-letter counters carry;
//! * [`ERROR`] (`dead_letter_error`): the human-readable error, cut to [`MAX_ERROR_BYTES`] on a
//!   character boundary so an attacker-sized message cannot push the publish over Pub/Sub's limits;
//! * [`ORIGINAL_MESSAGE_ID`] (`original_message_id`): the Pub/Sub id of the message that failed.
//!
//! Messages Pub/Sub forwards by its own dead-letter policy carry `CloudPubSubDeadLetterSource*`
//! attributes instead; those are Pub/Sub's, not ours.

use std::collections::HashMap;

/// Attribute holding the fixed reason label.
pub const REASON: &str = "dead_letter_reason";
/// Attribute holding the error text, at most [`MAX_ERROR_BYTES`] long.
pub const ERROR: &str = "dead_letter_error";
/// Attribute holding the Pub/Sub message id of the dead-lettered message.
pub const ORIGINAL_MESSAGE_ID: &str = "original_message_id";
/// Longest error text kept, in bytes (Pub/Sub caps an attribute value at 1024 bytes).
pub const MAX_ERROR_BYTES: usize = 1024;

/// The attributes to publish a dead-lettered message with: the `original` ones, plus the reason
/// label, the (truncated) error text and the original message id. Ours replace any attribute of the
/// same name the original carried, so a sender cannot pre-fill the reason.
pub fn attributes(
    original: &HashMap<String, String>,
    original_message_id: &str,
    reason: &str,
    error: &str,
) -> HashMap<String, String> {
    let mut attributes = original.clone();
    attributes.insert(REASON.into(), reason.into());
    attributes.insert(ERROR.into(), truncate(error, MAX_ERROR_BYTES).into());
    attributes.insert(ORIGINAL_MESSAGE_ID.into(), original_message_id.into());
    attributes
}

/// `s` cut to at most `max` bytes, on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_keep_the_original_ones_and_add_reason_error_and_id() {
        let original = HashMap::from([("request_id".to_string(), "r-1".to_string())]);
        let got = attributes(&original, "m-9", "malformed", "expected value at line 1");
        assert_eq!(got["request_id"], "r-1");
        assert_eq!(got["dead_letter_reason"], "malformed");
        assert_eq!(got["dead_letter_error"], "expected value at line 1");
        assert_eq!(got["original_message_id"], "m-9");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_sender_cannot_prefill_the_reason() {
        let original = HashMap::from([(REASON.to_string(), "harmless".to_string())]);
        let got = attributes(&original, "m", "unknown_grant", "no such grant");
        assert_eq!(got[REASON], "unknown_grant");
    }

    #[test]
    fn long_errors_are_cut_on_a_char_boundary() {
        let error = "é".repeat(MAX_ERROR_BYTES);
        let got = attributes(&HashMap::new(), "m", "malformed", &error);
        assert!(got[ERROR].len() <= MAX_ERROR_BYTES);
        assert_eq!(got[ERROR].len(), MAX_ERROR_BYTES);
        assert!(got[ERROR].chars().all(|c| c == 'é'));
        assert_eq!(truncate("héllo", 2), "h");
    }
}
