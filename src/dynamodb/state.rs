//! The table's items and what each write does to them: the item changes DynamoDB Streams records
//! (INSERT, MODIFY, REMOVE), on a virtual clock, with TTL deletions when the clock passes an
//! item's expiry.
//!
//! DOC: a write that changes nothing writes no stream record ("If you perform a PutItem or
//! UpdateItem operation that does not change any data in an item, DynamoDB Streams does not write
//! a stream record"); a refused write (validation, failed condition, cancelled transaction)
//! changes nothing. See docs/SEMANTICS.md, "DynamoDB Streams".

use super::attribute::{item_size, AttributeValue, Item, MAX_ITEM_BYTES};
use super::expression::{same, Placeholders};
use super::table::TableDefinition;
use super::writes::{Call, Operation, Request, WriteCall};
use crate::diagnostic::AwsError;
use std::collections::{BTreeMap, BTreeSet};

/// What kind of change a stream record describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventName {
    Insert,
    Modify,
    Remove,
}

impl EventName {
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Insert => "INSERT",
            EventName::Modify => "MODIFY",
            EventName::Remove => "REMOVE",
        }
    }
}

/// One item change: what a stream record is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Index of the call in the input (a TTL deletion: the `Sleep` that passed the expiry).
    pub call: usize,
    /// Its 1-based input line.
    pub line: usize,
    /// Milliseconds since the clock origin.
    pub at_ms: u64,
    pub event_name: EventName,
    pub keys: Item,
    pub old_image: Option<Item>,
    pub new_image: Option<Item>,
    /// Deleted by the TTL process (userIdentity: the DynamoDB service).
    pub by_ttl: bool,
}

/// A call DynamoDB refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub call: usize,
    pub line: usize,
    pub error: AwsError,
}

/// Time to Live: the attribute and the model's deletion delay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeToLive {
    /// The TTL attribute (`describe-time-to-live`'s AttributeName); None: TTL disabled.
    pub attribute: Option<String>,
    /// MODEL: how long after expiry the TTL process deletes an item (AWS: "typically within a
    /// few days"), in seconds.
    pub delay_seconds: u64,
}

/// Every change and refusal of a run of calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableRun {
    pub changes: Vec<Change>,
    pub refusals: Vec<Refusal>,
    /// The item count at the end.
    pub items: usize,
}

/// The most requests in one BatchWriteItem / TransactWriteItems (DOC).
pub const MAX_BATCH_WRITE_REQUESTS: usize = 25;
pub const MAX_TRANSACT_ITEMS: usize = 100;

/// A planned change to one item: its state before and after (None: absent).
struct Planned {
    key: String,
    keys: Item,
    old: Option<Item>,
    new: Option<Item>,
}

/// The table while the calls run.
struct TableState<'a> {
    table: &'a TableDefinition,
    /// Items by their key's canonical DynamoDB JSON.
    items: BTreeMap<String, Item>,
    ttl: &'a TimeToLive,
    clock_origin_ms: u64,
    /// TTL: (when the model deletes it, in ms from the clock origin; its key), earliest first, so
    /// a clock advance finds what expires without scanning the table.
    expiries: BTreeSet<(i128, String)>,
    expiry_of: BTreeMap<String, i128>,
}

fn validation(message: impl Into<String>) -> AwsError {
    AwsError {
        code: "ValidationException",
        message: message.into(),
    }
}

fn conditional_failed() -> AwsError {
    AwsError {
        code: "ConditionalCheckFailedException",
        message: "The conditional request failed".into(),
    }
}

/// Runs `calls` on an empty table from time 0; `clock_origin_ms` (Unix ms of time 0) places TTL
/// expiries, which are epoch seconds.
pub fn run_calls(
    table: &TableDefinition,
    calls: &[WriteCall],
    ttl: &TimeToLive,
    clock_origin_ms: u64,
) -> TableRun {
    let mut state = TableState {
        table,
        items: BTreeMap::new(),
        ttl,
        clock_origin_ms,
        expiries: BTreeSet::new(),
        expiry_of: BTreeMap::new(),
    };
    let mut run = TableRun::default();
    let mut now = 0u64;
    for (index, write) in calls.iter().enumerate() {
        let (call, line) = (index, write.line);
        let result = match &write.call {
            Call::Sleep(ms) => {
                let until = now.saturating_add(*ms);
                state.expire(now, until, call, line, &mut run);
                now = until;
                continue;
            }
            Call::Single(request) => state
                .plan(request, &BTreeMap::new())
                .map(|p| vec![p])
                .map_err(|e| vec![Some(e)]),
            Call::BatchWriteItem(requests) => state.plan_batch(requests),
            Call::TransactWriteItems(requests) => state.plan_transaction(requests),
        };
        match result {
            Ok(planned) => {
                for p in planned {
                    if let Some(change) = state.commit(p, call, line, now) {
                        run.changes.push(change);
                    }
                }
            }
            Err(errors) => {
                let error = match &write.call {
                    Call::TransactWriteItems(_) => cancellation(&errors),
                    _ => errors
                        .into_iter()
                        .flatten()
                        .next()
                        .unwrap_or_else(|| validation("refused")),
                };
                run.refusals.push(Refusal { call, line, error });
            }
        }
    }
    run.items = state.items.len();
    run
}

/// TransactWriteItems' answer when an item fails: validation errors refuse the call as they are;
/// failed conditions cancel it with one reason per item.
fn cancellation(errors: &[Option<AwsError>]) -> AwsError {
    if let Some(invalid) = errors
        .iter()
        .flatten()
        .find(|e| e.code != "ConditionalCheckFailedException")
    {
        return invalid.clone();
    }
    let reasons: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Some(_) => "ConditionalCheckFailed",
            None => "None",
        })
        .collect();
    AwsError {
        code: "TransactionCanceledException",
        message: format!(
            "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
            reasons.join(", ")
        ),
    }
}

impl TableState<'_> {
    fn placeholders(&self, request: &Request) -> Result<Placeholders, AwsError> {
        let values = match &request.values {
            None => Item::new(),
            Some(values) => values.clone()?,
        };
        Ok(Placeholders {
            names: request.names.clone(),
            values,
        })
    }

    /// What a request would do, given the items `pending` earlier in the same call (a batch).
    fn plan(
        &self,
        request: &Request,
        pending: &BTreeMap<String, Item>,
    ) -> Result<Planned, AwsError> {
        if request
            .table
            .as_deref()
            .is_some_and(|t| t != self.table.name)
        {
            return Err(AwsError {
                code: "ResourceNotFoundException",
                message: "Requested resource not found".into(),
            });
        }
        let placeholders = self.placeholders(request)?;
        let keys = match &request.operation {
            Operation::Put { item } => {
                let item = item.as_ref().map_err(Clone::clone)?;
                self.table.validate_item_keys(item)?;
                self.table.keys_of(item)
            }
            Operation::Update { key, .. }
            | Operation::Delete { key }
            | Operation::ConditionCheck { key } => {
                let key = key.as_ref().map_err(Clone::clone)?;
                self.table.validate_key(key)?;
                key.clone()
            }
        };
        let key = serde_json::to_string(&keys).unwrap_or_default();
        let old = pending.get(&key).or_else(|| self.items.get(&key)).cloned();
        if let Some(condition) = &request.condition {
            let current = old.clone().unwrap_or_default();
            if !placeholders.holds(condition, &current)? {
                return Err(conditional_failed());
            }
        }
        let new = match &request.operation {
            Operation::Put { item } => {
                let item = item.as_ref().map_err(Clone::clone)?.clone();
                if item_size(&item) > MAX_ITEM_BYTES {
                    return Err(validation(
                        "Item size has exceeded the maximum allowed size",
                    ));
                }
                Some(item)
            }
            Operation::Update { actions, .. } => {
                let base = old.clone().unwrap_or_else(|| keys.clone());
                let key_names: Vec<&str> = self
                    .table
                    .key_attributes()
                    .map(|k| k.name.as_str())
                    .collect();
                let updated = placeholders.apply_update(actions, &base, &key_names)?;
                if item_size(&updated) > MAX_ITEM_BYTES {
                    return Err(validation(
                        "Item size to update has exceeded the maximum allowed size",
                    ));
                }
                Some(updated)
            }
            Operation::Delete { .. } => None,
            Operation::ConditionCheck { .. } => old.clone(),
        };
        Ok(Planned {
            key,
            keys,
            old,
            new,
        })
    }

    fn plan_batch(&self, requests: &[Request]) -> Result<Vec<Planned>, Vec<Option<AwsError>>> {
        if requests.is_empty() || requests.len() > MAX_BATCH_WRITE_REQUESTS {
            return Err(vec![Some(validation(format!("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to {MAX_BATCH_WRITE_REQUESTS}, Member must have length greater than or equal to 1]")))]);
        }
        self.plan_all(requests, "Provided list of item keys contains duplicates")
    }

    fn plan_transaction(
        &self,
        requests: &[Request],
    ) -> Result<Vec<Planned>, Vec<Option<AwsError>>> {
        if requests.is_empty() || requests.len() > MAX_TRANSACT_ITEMS {
            return Err(vec![Some(validation(format!("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to {MAX_TRANSACT_ITEMS}")))]);
        }
        self.plan_all(
            requests,
            "Transaction request cannot include multiple operations on one item",
        )
    }

    /// Plans every request against the table as it was before the call; one item twice is
    /// refused. On failure, one entry per request: its error, if it has one.
    fn plan_all(
        &self,
        requests: &[Request],
        duplicate: &str,
    ) -> Result<Vec<Planned>, Vec<Option<AwsError>>> {
        let results: Vec<Result<Planned, AwsError>> = requests
            .iter()
            .map(|r| self.plan(r, &BTreeMap::new()))
            .collect();
        let mut keys: Vec<&str> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|p| p.key.as_str()))
            .collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        if keys.len() < count {
            return Err(vec![Some(validation(duplicate))]);
        }
        if results.iter().any(Result::is_err) {
            return Err(results.into_iter().map(Result::err).collect());
        }
        Ok(results.into_iter().flatten().collect())
    }

    /// Applies a planned change; the stream record it writes, if the item changed.
    fn commit(&mut self, planned: Planned, call: usize, line: usize, at_ms: u64) -> Option<Change> {
        let Planned {
            key,
            keys,
            old,
            new,
        } = planned;
        let event_name = match (&old, &new) {
            (None, None) => return None,
            (Some(o), Some(n))
                if same(&AttributeValue::M(o.clone()), &AttributeValue::M(n.clone())) =>
            {
                return None
            }
            (None, Some(_)) => EventName::Insert,
            (Some(_), Some(_)) => EventName::Modify,
            (Some(_), None) => EventName::Remove,
        };
        self.index_expiry(&key, new.as_ref());
        match &new {
            Some(item) => self.items.insert(key, item.clone()),
            None => self.items.remove(&key),
        };
        Some(Change {
            call,
            line,
            at_ms,
            event_name,
            keys,
            old_image: old,
            new_image: new,
            by_ttl: false,
        })
    }

    /// Keeps the TTL index of `key` in step with its new item (None: deleted).
    fn index_expiry(&mut self, key: &str, item: Option<&Item>) {
        if let Some(old) = self.expiry_of.remove(key) {
            self.expiries.remove(&(old, key.to_owned()));
        }
        let Some(attribute) = &self.ttl.attribute else {
            return;
        };
        // DOC: a TTL attribute that is not a Number is ignored.
        let Some(AttributeValue::N(seconds)) = item.and_then(|i| i.get(attribute)) else {
            return;
        };
        let delay_ms = self.ttl.delay_seconds.saturating_mul(1000) as f64;
        // Saturating float-to-integer conversion: absurd expiries stay absurd, never wrap.
        let expiry = (seconds.to_f64() * 1000.0 + delay_ms - self.clock_origin_ms as f64) as i128;
        self.expiry_of.insert(key.to_owned(), expiry);
        self.expiries.insert((expiry, key.to_owned()));
    }

    /// TTL: deletes the items whose expiry (plus the model's delay) falls at or before `until`,
    /// each when its time comes (not before `from`), earliest first.
    fn expire(&mut self, from: u64, until: u64, call: usize, line: usize, run: &mut TableRun) {
        while let Some((expiry, key)) = self.expiries.first().cloned() {
            if expiry > i128::from(until) {
                break;
            }
            self.expiries.pop_first();
            self.expiry_of.remove(&key);
            let old = self
                .items
                .remove(&key)
                .expect("an indexed item is in the table");
            run.changes.push(Change {
                call,
                line,
                at_ms: expiry.max(i128::from(from)) as u64,
                event_name: EventName::Remove,
                keys: self.table.keys_of(&old),
                old_image: Some(old),
                new_image: None,
                by_ttl: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::writes::parse_writes;

    fn run(text: &str) -> TableRun {
        let table = TableDefinition::new("t", "id");
        let ttl = TimeToLive {
            attribute: Some("expires".into()),
            delay_seconds: 0,
        };
        run_calls(&table, &parse_writes(text).unwrap(), &ttl, 1_000_000)
    }

    fn names(run: &TableRun) -> Vec<&'static str> {
        run.changes.iter().map(|c| c.event_name.as_str()).collect()
    }

    #[test]
    fn event_names_follow_the_items_state() {
        let r = run(
            r#"{"PutItem": {"Item": {"id": {"S": "a"}, "v": {"N": "1"}}}}
{"PutItem": {"Item": {"id": {"S": "a"}, "v": {"N": "2"}}}}
{"PutItem": {"Item": {"id": {"S": "a"}, "v": {"N": "2.0"}}}}
{"UpdateItem": {"Key": {"id": {"S": "a"}}, "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"N": "2"}}}}
{"DeleteItem": {"Key": {"id": {"S": "a"}}}}
{"DeleteItem": {"Key": {"id": {"S": "a"}}}}
{"UpdateItem": {"Key": {"id": {"S": "b"}}, "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}"#,
        );
        // The same item again (2.0 = 2) and a SET to the same value write nothing; deleting a
        // missing item writes nothing; an update of a missing item inserts it.
        assert_eq!(names(&r), ["INSERT", "MODIFY", "REMOVE", "INSERT"]);
        assert_eq!(
            r.changes.iter().map(|c| c.line).collect::<Vec<_>>(),
            [1, 2, 5, 7]
        );
        assert!(r.refusals.is_empty());
        let modify = &r.changes[1];
        assert_eq!(
            modify.old_image.as_ref().unwrap()["v"],
            AttributeValue::N(crate::dynamodb::attribute::Number::parse("1").unwrap())
        );
    }

    #[test]
    fn refused_writes_change_nothing() {
        let big = "x".repeat(MAX_ITEM_BYTES);
        let r = run(&format!(
            r#"{{"PutItem": {{"Item": {{"v": {{"N": "1"}}}}}}}}
{{"PutItem": {{"Item": {{"id": {{"N": "1"}}}}}}}}
{{"PutItem": {{"Item": {{"id": {{"S": "a"}}, "big": {{"S": "{big}"}}}}}}}}
{{"PutItem": {{"TableName": "other", "Item": {{"id": {{"S": "a"}}}}}}}}
{{"DeleteItem": {{"Key": {{"id": {{"S": "a"}}}}, "ConditionExpression": "attribute_exists(id)"}}}}"#
        ));
        assert!(r.changes.is_empty());
        let messages: Vec<&str> = r
            .refusals
            .iter()
            .map(|f| f.error.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "One or more parameter values were invalid: Missing the key id in the item",
                "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N",
                "Item size has exceeded the maximum allowed size",
                "Requested resource not found",
                "The conditional request failed",
            ]
        );
    }

    #[test]
    fn transactions_are_all_or_nothing_and_batches_refuse_duplicates() {
        let r = run(
            r#"{"TransactWriteItems": {"TransactItems": [{"Put": {"Item": {"id": {"S": "a"}}}}, {"ConditionCheck": {"Key": {"id": {"S": "z"}}, "ConditionExpression": "attribute_exists(id)"}}]}}
{"BatchWriteItem": {"RequestItems": {"t": [{"PutRequest": {"Item": {"id": {"S": "a"}}}}, {"DeleteRequest": {"Key": {"id": {"S": "a"}}}}]}}}
{"BatchWriteItem": {"RequestItems": {"t": [{"PutRequest": {"Item": {"id": {"S": "a"}}}}, {"PutRequest": {"Item": {"id": {"S": "b"}}}}]}}}
{"TransactWriteItems": {"TransactItems": [{"Delete": {"Key": {"id": {"S": "a"}}}}, {"Update": {"Key": {"id": {"S": "b"}}, "UpdateExpression": "SET x = :x", "ExpressionAttributeValues": {":x": {"BOOL": true}}}}]}}"#,
        );
        assert_eq!(r.refusals[0].error.code, "TransactionCanceledException");
        assert!(r.refusals[0]
            .error
            .message
            .ends_with("[None, ConditionalCheckFailed]"));
        assert_eq!(
            r.refusals[1].error.message,
            "Provided list of item keys contains duplicates"
        );
        assert_eq!(names(&r), ["INSERT", "INSERT", "REMOVE", "MODIFY"]);
    }

    #[test]
    fn ttl_deletes_expired_items_when_the_clock_passes_them() {
        // Clock origin 1,000,000 ms = epoch second 1000; "expires" 1005 is 5 s in.
        let r = run(
            r#"{"PutItem": {"Item": {"id": {"S": "a"}, "expires": {"N": "1005"}}}}
{"PutItem": {"Item": {"id": {"S": "b"}, "expires": {"N": "1002"}}}}
{"PutItem": {"Item": {"id": {"S": "c"}, "expires": {"S": "1001"}}}}
{"Sleep": {"Seconds": 3}}
{"Sleep": {"Seconds": 10}}"#,
        );
        let removes: Vec<(String, u64, bool)> = r
            .changes
            .iter()
            .filter(|c| c.event_name == EventName::Remove)
            .map(|c| (serde_json::to_string(&c.keys).unwrap(), c.at_ms, c.by_ttl))
            .collect();
        assert_eq!(
            removes,
            [
                (r#"{"id":{"S":"b"}}"#.to_string(), 2000, true),
                (r#"{"id":{"S":"a"}}"#.to_string(), 5000, true)
            ]
        );
        assert_eq!(
            r.items, 1,
            "a TTL attribute that is not a Number never expires"
        );
    }
}
