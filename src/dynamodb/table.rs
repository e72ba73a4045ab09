//! A table's definition: its key schema (partition key, optional sort key, each S, N or B) and its
//! stream, read from what `aws dynamodb describe-table` prints, with located diagnostics.

use super::attribute::{AttributeValue, Item};
use crate::diagnostic::{AwsError, Diagnostic};
use serde_json::Value;

/// What the stream writes for each change (`StreamSpecification.StreamViewType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamViewType {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

impl StreamViewType {
    pub const ALL: [StreamViewType; 4] = [
        StreamViewType::KeysOnly,
        StreamViewType::NewImage,
        StreamViewType::OldImage,
        StreamViewType::NewAndOldImages,
    ];

    /// AWS's spelling, e.g. `NEW_AND_OLD_IMAGES`.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamViewType::KeysOnly => "KEYS_ONLY",
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }

    pub fn from_aws(text: &str) -> Option<StreamViewType> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    pub fn has_new_image(self) -> bool {
        matches!(
            self,
            StreamViewType::NewImage | StreamViewType::NewAndOldImages
        )
    }

    pub fn has_old_image(self) -> bool {
        matches!(
            self,
            StreamViewType::OldImage | StreamViewType::NewAndOldImages
        )
    }
}

/// The scalar types a key attribute may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    S,
    N,
    B,
}

impl KeyType {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }

    fn from_aws(text: &str) -> Option<KeyType> {
        match text {
            "S" => Some(KeyType::S),
            "N" => Some(KeyType::N),
            "B" => Some(KeyType::B),
            _ => None,
        }
    }

    fn matches(self, value: &AttributeValue) -> bool {
        matches!(
            (self, value),
            (KeyType::S, AttributeValue::S(_))
                | (KeyType::N, AttributeValue::N(_))
                | (KeyType::B, AttributeValue::B(_))
        )
    }
}

/// One key attribute: its name and type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyAttribute {
    pub name: String,
    pub key_type: KeyType,
}

/// The model's stream label when describe-table gives none (a fixed time keeps runs reproducible).
pub const DEFAULT_STREAM_LABEL: &str = "2026-01-01T00:00:00.000";

/// A table: name, keys, stream.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableDefinition {
    pub name: String,
    pub partition_key: KeyAttribute,
    pub sort_key: Option<KeyAttribute>,
    pub stream_view_type: StreamViewType,
    /// `LatestStreamLabel`, the last part of the stream's ARN.
    pub stream_label: String,
}

impl TableDefinition {
    /// A table keyed by one string attribute, streaming both images.
    pub fn new(name: &str, partition_key: &str) -> TableDefinition {
        TableDefinition {
            name: name.into(),
            partition_key: KeyAttribute {
                name: partition_key.into(),
                key_type: KeyType::S,
            },
            sort_key: None,
            stream_view_type: StreamViewType::NewAndOldImages,
            stream_label: DEFAULT_STREAM_LABEL.into(),
        }
    }

    /// The key attributes, partition key first.
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.partition_key).chain(&self.sort_key)
    }

    /// The stream's ARN, as `LatestStreamArn` and every event's `eventSourceARN` show it.
    pub fn stream_arn(&self, region: &str) -> String {
        format!(
            "arn:aws:dynamodb:{region}:{}:table/{}/stream/{}",
            crate::layout::ACCOUNT,
            self.name,
            self.stream_label
        )
    }

    /// Reads `aws dynamodb describe-table` output (`{"Table": {…}}`, or the bare table object).
    pub fn from_describe_table_json(text: &str) -> Result<TableDefinition, Diagnostic> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        let (table, prefix) = match value.get("Table") {
            Some(table) => (table, "Table."),
            None => (&value, ""),
        };
        let field = |name: &str| format!("{prefix}{name}");
        let missing = |name: &str| {
            Diagnostic::error(format!("describe-table JSON has no {name}")).in_field(field(name))
        };
        let string = |v: Option<&Value>, name: &str| {
            v.and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| missing(name))
        };
        let name = string(table.get("TableName"), "TableName")?;
        let definitions = table
            .get("AttributeDefinitions")
            .and_then(Value::as_array)
            .ok_or_else(|| missing("AttributeDefinitions"))?;
        let schema = table
            .get("KeySchema")
            .and_then(Value::as_array)
            .ok_or_else(|| missing("KeySchema"))?;
        let mut partition_key = None;
        let mut sort_key = None;
        for (i, element) in schema.iter().enumerate() {
            let at = format!("KeySchema[{i}]");
            let attribute = string(element.get("AttributeName"), &format!("{at}.AttributeName"))?;
            let role = string(element.get("KeyType"), &format!("{at}.KeyType"))?;
            let key_type = definitions
                .iter()
                .find(|d| d.get("AttributeName").and_then(Value::as_str) == Some(&attribute))
                .and_then(|d| d.get("AttributeType").and_then(Value::as_str))
                .ok_or_else(|| {
                    Diagnostic::error(format!(
                        "key attribute {attribute} has no AttributeDefinitions entry with its AttributeType"
                    ))
                    .in_field(field("AttributeDefinitions"))
                })?;
            let key_type = KeyType::from_aws(key_type).ok_or_else(|| {
                Diagnostic::error(format!(
                    "AttributeType of key {attribute} must be S, N or B, not {key_type:?}"
                ))
                .in_field(field("AttributeDefinitions"))
            })?;
            let key = Some(KeyAttribute {
                name: attribute,
                key_type,
            });
            let slot = match role.as_str() {
                "HASH" => &mut partition_key,
                "RANGE" => &mut sort_key,
                other => {
                    return Err(Diagnostic::error(format!(
                        "KeyType must be HASH or RANGE, not {other:?}"
                    ))
                    .in_field(field(&format!("{at}.KeyType"))))
                }
            };
            if slot.is_some() {
                return Err(
                    Diagnostic::error(format!("KeySchema names two {role} keys"))
                        .in_field(field("KeySchema")),
                );
            }
            *slot = key;
        }
        let partition_key = partition_key.ok_or_else(|| {
            Diagnostic::error("KeySchema has no HASH (partition) key").in_field(field("KeySchema"))
        })?;
        let stream = table.get("StreamSpecification");
        let enabled = stream.and_then(|s| s.get("StreamEnabled")) == Some(&Value::Bool(true));
        if !enabled {
            return Err(Diagnostic::error(
                "the table has no stream: StreamSpecification.StreamEnabled is not true, so no change reaches Lambda",
            )
            .in_field(field("StreamSpecification")));
        }
        let view = string(
            stream.and_then(|s| s.get("StreamViewType")),
            "StreamSpecification.StreamViewType",
        )?;
        let stream_view_type = StreamViewType::from_aws(&view).ok_or_else(|| {
            Diagnostic::error(format!(
                "StreamViewType must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, not {view:?}"
            ))
            .in_field(field("StreamSpecification.StreamViewType"))
        })?;
        let stream_label = table
            .get("LatestStreamLabel")
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_STREAM_LABEL)
            .to_owned();
        Ok(TableDefinition {
            name,
            partition_key,
            sort_key,
            stream_view_type,
            stream_label,
        })
    }

    /// Checks that an item holds every key attribute with its type (PutItem's messages).
    pub fn validate_item_keys(&self, item: &Item) -> Result<(), AwsError> {
        for key in self.key_attributes() {
            let Some(value) = item.get(&key.name) else {
                return Err(invalid(format!("Missing the key {} in the item", key.name)));
            };
            if !key.key_type.matches(value) {
                return Err(invalid(format!(
                    "Type mismatch for key {} expected: {} actual: {}",
                    key.name,
                    key.key_type.as_str(),
                    value.type_name()
                )));
            }
            check_key_value(&key.name, value)?;
        }
        Ok(())
    }

    /// Checks a `Key` parameter: exactly the key attributes, with their types.
    pub fn validate_key(&self, key: &Item) -> Result<(), AwsError> {
        let mismatch = || AwsError {
            code: "ValidationException",
            message: "The provided key element does not match the schema".into(),
        };
        if key.len() != self.key_attributes().count() {
            return Err(mismatch());
        }
        for attribute in self.key_attributes() {
            match key.get(&attribute.name) {
                Some(value) if attribute.key_type.matches(value) => {
                    check_key_value(&attribute.name, value)?
                }
                _ => return Err(mismatch()),
            }
        }
        Ok(())
    }

    /// The key attributes of an item (which holds them: validated before).
    pub fn keys_of(&self, item: &Item) -> Item {
        self.key_attributes()
            .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
            .collect()
    }
}

/// "One or more parameter values were invalid: …", DynamoDB's prefix for bad items.
pub(super) fn invalid(detail: String) -> AwsError {
    AwsError {
        code: "ValidationException",
        message: format!("One or more parameter values were invalid: {detail}"),
    }
}

/// Key values may not be empty strings or binaries, nor too long (DynamoDB's messages).
fn check_key_value(name: &str, value: &AttributeValue) -> Result<(), AwsError> {
    let len = match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        _ => return Ok(()),
    };
    if len == 0 {
        return Err(AwsError {
            code: "ValidationException",
            message: format!("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {} value. Key: {name}", if matches!(value, AttributeValue::S(_)) { "string" } else { "binary" }),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::attribute::item_from_json;
    use serde_json::json;

    const DESCRIBE: &str = r#"{"Table": {"TableName": "orders",
        "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                                 {"AttributeName": "at", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                      {"AttributeName": "at", "KeyType": "RANGE"}],
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
        "LatestStreamLabel": "2024-06-10T19:26:16.525"}}"#;

    #[test]
    fn reads_describe_table_output() {
        let table = TableDefinition::from_describe_table_json(DESCRIBE).unwrap();
        assert_eq!(table.name, "orders");
        assert_eq!(table.partition_key.name, "customer");
        assert_eq!(table.sort_key.as_ref().unwrap().key_type, KeyType::N);
        assert_eq!(table.stream_view_type, StreamViewType::NewImage);
        assert_eq!(
            table.stream_arn("us-east-1"),
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-06-10T19:26:16.525"
        );
    }

    #[test]
    fn bad_definitions_are_located() {
        let err = TableDefinition::from_describe_table_json("{\"Table\": {\n  \"TableName\": 1")
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        let no_stream = DESCRIBE.replace("\"StreamEnabled\": true", "\"StreamEnabled\": false");
        let err = TableDefinition::from_describe_table_json(&no_stream).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("Table.StreamSpecification"));
        let bad_view = DESCRIBE.replace("NEW_IMAGE", "NEW");
        let err = TableDefinition::from_describe_table_json(&bad_view).unwrap_err();
        assert!(err.message.contains("\"NEW\""), "{err}");
        let bad_type = DESCRIBE.replace("\"AttributeType\": \"N\"", "\"AttributeType\": \"BOOL\"");
        let err = TableDefinition::from_describe_table_json(&bad_type).unwrap_err();
        assert!(err.message.contains("S, N or B"), "{err}");
    }

    #[test]
    fn items_and_keys_are_checked_with_dynamodb_messages() {
        let table = TableDefinition::from_describe_table_json(DESCRIBE).unwrap();
        let item = |v| item_from_json(&v).unwrap();
        assert_eq!(
            table
                .validate_item_keys(&item(json!({"at": {"N": "1"}})))
                .unwrap_err()
                .message,
            "One or more parameter values were invalid: Missing the key customer in the item"
        );
        assert_eq!(
            table
                .validate_item_keys(&item(json!({"customer": {"S": "c"}, "at": {"S": "1"}})))
                .unwrap_err()
                .message,
            "One or more parameter values were invalid: Type mismatch for key at expected: N actual: S"
        );
        assert!(table
            .validate_item_keys(&item(json!({"customer": {"S": ""}, "at": {"N": "1"}})))
            .unwrap_err()
            .message
            .contains("cannot contain an empty string value. Key: customer"));
        assert_eq!(
            table
                .validate_key(&item(json!({"customer": {"S": "c"}})))
                .unwrap_err()
                .message,
            "The provided key element does not match the schema"
        );
        assert!(table
            .validate_key(&item(json!({"customer": {"S": "c"}, "at": {"N": "2"}})))
            .is_ok());
    }
}
