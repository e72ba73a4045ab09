//! The subset of DynamoDB's expression language the playground runs, on top-level attributes:
//!
//! - UpdateExpression: `SET a = :v`, `SET a = b + :n` / `- :n`, `SET a = if_not_exists(a, :v)`,
//!   `SET a = list_append(a, :l)`; `REMOVE a, b`; `ADD n :num` / `ADD s :set`; `DELETE s :set`.
//! - ConditionExpression: `attribute_exists(a)`, `attribute_not_exists(a)`, comparisons
//!   (`=`, `<>`, `<`, `<=`, `>`, `>=`) of attributes and `:values`, `AND`, `OR`, `NOT`, parentheses.
//!
//! Names may be `#placeholders` (ExpressionAttributeNames), values are `:placeholders`
//! (ExpressionAttributeValues). Nested paths (`a.b`, `a[0]`) and other functions are refused when
//! read, as a located diagnostic: the playground would otherwise answer wrongly.

use super::attribute::{AttributeValue, Item, Number};
use crate::diagnostic::AwsError;
use std::collections::BTreeMap;

/// A name as written: a plain attribute name or a `#placeholder`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path(pub String);

/// A value in an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Path(Path),
    /// `:placeholder`
    Value(String),
    IfNotExists(Path, Box<Operand>),
    ListAppend(Box<Operand>, Box<Operand>),
}

/// The right side of `SET path = …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetValue {
    Operand(Operand),
    Plus(Operand, Operand),
    Minus(Operand, Operand),
}

/// One action of an UpdateExpression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateAction {
    Set(Path, SetValue),
    Remove(Path),
    Add(Path, Operand),
    Delete(Path, Operand),
}

/// A parsed ConditionExpression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Exists(Path),
    NotExists(Path),
    Compare(Operand, Comparator, Operand),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Symbol(&'static str),
}

const SUPPORTED: &str = "the playground runs SET, REMOVE, ADD and DELETE on top-level attributes, with if_not_exists and list_append";
const SUPPORTED_CONDITION: &str = "the playground runs attribute_exists, attribute_not_exists, comparisons, AND, OR, NOT and parentheses on top-level attributes";

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let word = |c: char| c.is_alphanumeric() || c == '_';
        if c == '#' || c == ':' || word(c) {
            let start = i;
            i += 1;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let symbol = match two.as_str() {
            "<>" => Some("<>"),
            "<=" => Some("<="),
            ">=" => Some(">="),
            _ => None,
        };
        if let Some(symbol) = symbol {
            tokens.push(Token::Symbol(symbol));
            i += 2;
            continue;
        }
        let symbol = match c {
            '=' => "=",
            ',' => ",",
            '+' => "+",
            '-' => "-",
            '(' => "(",
            ')' => ")",
            '<' => "<",
            '>' => ">",
            '.' | '[' | ']' => return Err("nested paths (a.b, a[0]) are not supported".into()),
            other => return Err(format!("unexpected character {other:?}")),
        };
        tokens.push(Token::Symbol(symbol));
        i += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword))
    }

    fn eat(&mut self, symbol: &str) -> bool {
        if matches!(self.peek(), Some(Token::Symbol(s)) if *s == symbol) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, symbol: &str) -> Result<(), String> {
        if self.eat(symbol) {
            Ok(())
        } else {
            Err(format!("expected {symbol:?} {}", self.position()))
        }
    }

    fn position(&self) -> String {
        match self.peek() {
            Some(Token::Word(w)) => format!("at {w:?}"),
            Some(Token::Symbol(s)) => format!("at {s:?}"),
            None => "at the end".into(),
        }
    }

    fn word(&mut self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(w)) => {
                let w = w.clone();
                self.at += 1;
                Some(w)
            }
            _ => None,
        }
    }

    fn path(&mut self) -> Result<Path, String> {
        match self.word() {
            Some(w) if !w.starts_with(':') => Ok(Path(w)),
            _ => Err(format!("expected an attribute name {}", self.position())),
        }
    }

    fn operand(&mut self) -> Result<Operand, String> {
        let Some(word) = self.word() else {
            return Err(format!("expected a value {}", self.position()));
        };
        if word.starts_with(':') {
            return Ok(Operand::Value(word));
        }
        if self.eat("(") {
            let operand = match word.as_str() {
                "if_not_exists" => {
                    let path = self.path()?;
                    self.expect(",")?;
                    Operand::IfNotExists(path, Box::new(self.operand()?))
                }
                "list_append" => {
                    let first = self.operand()?;
                    self.expect(",")?;
                    Operand::ListAppend(Box::new(first), Box::new(self.operand()?))
                }
                other => return Err(format!("the function {other} is not supported")),
            };
            self.expect(")")?;
            return Ok(operand);
        }
        Ok(Operand::Path(Path(word)))
    }

    fn condition(&mut self) -> Result<Condition, String> {
        let mut left = self.conjunction()?;
        while self.peek_keyword("OR") {
            self.at += 1;
            left = Condition::Or(Box::new(left), Box::new(self.conjunction()?));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Condition, String> {
        let mut left = self.unary()?;
        while self.peek_keyword("AND") {
            self.at += 1;
            left = Condition::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Condition, String> {
        if self.peek_keyword("NOT") {
            self.at += 1;
            return Ok(Condition::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let inner = self.condition()?;
            self.expect(")")?;
            return Ok(inner);
        }
        for (name, exists) in [("attribute_exists", true), ("attribute_not_exists", false)] {
            if self.peek_keyword(name) {
                self.at += 1;
                self.expect("(")?;
                let path = self.path()?;
                self.expect(")")?;
                return Ok(if exists {
                    Condition::Exists(path)
                } else {
                    Condition::NotExists(path)
                });
            }
        }
        let left = self.operand()?;
        let comparator = [
            ("=", Comparator::Eq),
            ("<>", Comparator::Ne),
            ("<=", Comparator::Le),
            (">=", Comparator::Ge),
            ("<", Comparator::Lt),
            (">", Comparator::Gt),
        ]
        .into_iter()
        .find(|(symbol, _)| self.eat(symbol))
        .map(|(_, c)| c)
        .ok_or_else(|| format!("expected a comparison {}", self.position()))?;
        Ok(Condition::Compare(left, comparator, self.operand()?))
    }
}

/// Reads an UpdateExpression; the error says what is wrong or unsupported.
pub fn parse_update(text: &str) -> Result<Vec<UpdateAction>, String> {
    let mut parser = Parser {
        tokens: tokenize(text).map_err(|e| format!("{e} ({SUPPORTED})"))?,
        at: 0,
    };
    let mut actions = Vec::new();
    let mut seen = Vec::new();
    while parser.peek().is_some() {
        let clause = parser
            .word()
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_default();
        if !["SET", "REMOVE", "ADD", "DELETE"].contains(&clause.as_str()) {
            return Err(format!(
                "expected SET, REMOVE, ADD or DELETE {} ({SUPPORTED})",
                parser.position()
            ));
        }
        if seen.contains(&clause) {
            return Err(format!(
                "The \"{clause}\" section can only be used once in an update expression"
            ));
        }
        seen.push(clause.clone());
        loop {
            let path = parser.path().map_err(|e| format!("{e} ({SUPPORTED})"))?;
            let action = match clause.as_str() {
                "SET" => {
                    parser.expect("=")?;
                    let first = parser.operand().map_err(|e| format!("{e} ({SUPPORTED})"))?;
                    let value = if parser.eat("+") {
                        SetValue::Plus(first, parser.operand()?)
                    } else if parser.eat("-") {
                        SetValue::Minus(first, parser.operand()?)
                    } else {
                        SetValue::Operand(first)
                    };
                    UpdateAction::Set(path, value)
                }
                "REMOVE" => UpdateAction::Remove(path),
                "ADD" => UpdateAction::Add(path, parser.operand()?),
                _ => UpdateAction::Delete(path, parser.operand()?),
            };
            actions.push(action);
            if !parser.eat(",") {
                break;
            }
        }
    }
    if actions.is_empty() {
        return Err("the UpdateExpression is empty".into());
    }
    Ok(actions)
}

/// Reads a ConditionExpression.
pub fn parse_condition(text: &str) -> Result<Condition, String> {
    let mut parser = Parser {
        tokens: tokenize(text).map_err(|e| format!("{e} ({SUPPORTED_CONDITION})"))?,
        at: 0,
    };
    let condition = parser
        .condition()
        .map_err(|e| format!("{e} ({SUPPORTED_CONDITION})"))?;
    if parser.peek().is_some() {
        return Err(format!(
            "unexpected {} ({SUPPORTED_CONDITION})",
            parser.position()
        ));
    }
    Ok(condition)
}

/// ExpressionAttributeNames and ExpressionAttributeValues of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placeholders {
    pub names: BTreeMap<String, String>,
    pub values: Item,
}

fn validation(message: impl Into<String>) -> AwsError {
    AwsError {
        code: "ValidationException",
        message: message.into(),
    }
}

impl Placeholders {
    /// The attribute name a path stands for.
    pub fn name(&self, path: &Path) -> Result<String, AwsError> {
        if path.0.starts_with('#') {
            self.names.get(&path.0).cloned().ok_or_else(|| {
                validation(format!("Invalid expression: An expression attribute name used in the document path is not defined; attribute name: {}", path.0))
            })
        } else {
            Ok(path.0.clone())
        }
    }

    /// The value of an operand against `item` (None: a path the item does not hold).
    fn value(&self, operand: &Operand, item: &Item) -> Result<Option<AttributeValue>, AwsError> {
        Ok(match operand {
            Operand::Path(path) => item.get(&self.name(path)?).cloned(),
            Operand::Value(name) => Some(self.values.get(name).cloned().ok_or_else(|| {
                validation(format!("Invalid expression: An expression attribute value used in expression is not defined; attribute value: {name}"))
            })?),
            Operand::IfNotExists(path, fallback) => match item.get(&self.name(path)?) {
                Some(value) => Some(value.clone()),
                None => self.value(fallback, item)?,
            },
            Operand::ListAppend(first, second) => {
                match (self.value(first, item)?, self.value(second, item)?) {
                    (Some(AttributeValue::L(mut a)), Some(AttributeValue::L(b))) => {
                        a.extend(b);
                        Some(AttributeValue::L(a))
                    }
                    (None, _) | (_, None) => return Err(missing_attribute()),
                    _ => return Err(incorrect_operand("list_append")),
                }
            }
        })
    }

    /// Runs an UpdateExpression on `item` (every operand reads the item as it was before).
    pub fn apply_update(
        &self,
        actions: &[UpdateAction],
        item: &Item,
        key_names: &[&str],
    ) -> Result<Item, AwsError> {
        let mut updated = item.clone();
        let mut touched: Vec<String> = Vec::new();
        for action in actions {
            let path = match action {
                UpdateAction::Set(p, _)
                | UpdateAction::Remove(p)
                | UpdateAction::Add(p, _)
                | UpdateAction::Delete(p, _) => self.name(p)?,
            };
            if key_names.contains(&path.as_str()) {
                return Err(super::table::invalid(format!(
                    "Cannot update attribute {path}. This attribute is part of the key"
                )));
            }
            if touched.contains(&path) {
                return Err(validation(format!("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [{path}], path two: [{path}]")));
            }
            touched.push(path.clone());
            match action {
                UpdateAction::Set(_, value) => {
                    let value = match value {
                        SetValue::Operand(o) => {
                            self.value(o, item)?.ok_or_else(missing_attribute)?
                        }
                        SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
                            let subtract = matches!(value, SetValue::Minus(..));
                            match (self.value(a, item)?, self.value(b, item)?) {
                                (Some(AttributeValue::N(x)), Some(AttributeValue::N(y))) => {
                                    AttributeValue::N(x.add(&y, subtract)?)
                                }
                                (None, _) | (_, None) => return Err(missing_attribute()),
                                _ => return Err(validation("An operand in the update expression has an incorrect data type")),
                            }
                        }
                    };
                    updated.insert(path, value);
                }
                UpdateAction::Remove(_) => {
                    updated.remove(&path);
                }
                UpdateAction::Add(_, operand) => {
                    let value = self.value(operand, item)?.ok_or_else(missing_attribute)?;
                    let result = match (item.get(&path), value) {
                        (None, value @ (AttributeValue::N(_) | AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_))) => value,
                        (Some(AttributeValue::N(x)), AttributeValue::N(y)) => AttributeValue::N(x.add(&y, false)?),
                        (Some(AttributeValue::Ss(x)), AttributeValue::Ss(y)) => AttributeValue::Ss(union(x.clone(), y)),
                        (Some(AttributeValue::Ns(x)), AttributeValue::Ns(y)) => AttributeValue::Ns(union(x.clone(), y)),
                        (Some(AttributeValue::Bs(x)), AttributeValue::Bs(y)) => AttributeValue::Bs(union(x.clone(), y)),
                        (_, value) => return Err(validation(format!("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: {}", value.type_name()))),
                    };
                    updated.insert(path, result);
                }
                UpdateAction::Delete(_, operand) => {
                    let value = self.value(operand, item)?.ok_or_else(missing_attribute)?;
                    let remaining = match (item.get(&path), value) {
                        (None, AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_)) => None,
                        (Some(AttributeValue::Ss(x)), AttributeValue::Ss(y)) => difference(x, &y).map(AttributeValue::Ss),
                        (Some(AttributeValue::Ns(x)), AttributeValue::Ns(y)) => difference(x, &y).map(AttributeValue::Ns),
                        (Some(AttributeValue::Bs(x)), AttributeValue::Bs(y)) => difference(x, &y).map(AttributeValue::Bs),
                        (_, value) => return Err(validation(format!("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: {}", value.type_name()))),
                    };
                    match remaining {
                        Some(value) => updated.insert(path, value),
                        None => updated.remove(&path),
                    };
                }
            }
        }
        Ok(updated)
    }

    /// Whether `item` (empty when the item does not exist) satisfies the condition.
    pub fn holds(&self, condition: &Condition, item: &Item) -> Result<bool, AwsError> {
        Ok(match condition {
            Condition::Exists(path) => item.contains_key(&self.name(path)?),
            Condition::NotExists(path) => !item.contains_key(&self.name(path)?),
            Condition::And(a, b) => self.holds(a, item)? && self.holds(b, item)?,
            Condition::Or(a, b) => self.holds(a, item)? || self.holds(b, item)?,
            Condition::Not(a) => !self.holds(a, item)?,
            Condition::Compare(a, comparator, b) => {
                match (self.value(a, item)?, self.value(b, item)?) {
                    (Some(x), Some(y)) => compare(&x, *comparator, &y),
                    _ => false,
                }
            }
        })
    }
}

fn missing_attribute() -> AwsError {
    validation("The provided expression refers to an attribute that does not exist in the item")
}

fn incorrect_operand(function: &str) -> AwsError {
    validation(format!("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: {function}"))
}

fn union<T: PartialEq>(mut a: Vec<T>, b: Vec<T>) -> Vec<T> {
    for member in b {
        if !a.contains(&member) {
            a.push(member);
        }
    }
    a
}

/// `a` without `b`'s members; None when nothing is left (DynamoDB removes an emptied set).
fn difference<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Option<Vec<T>> {
    let left: Vec<T> = a.iter().filter(|m| !b.contains(m)).cloned().collect();
    (!left.is_empty()).then_some(left)
}

fn compare(x: &AttributeValue, comparator: Comparator, y: &AttributeValue) -> bool {
    use std::cmp::Ordering;
    let order: Option<Ordering> = match (x, y) {
        (AttributeValue::N(a), AttributeValue::N(b)) => numeric_order(a, b),
        (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.cmp(b)),
        (AttributeValue::B(a), AttributeValue::B(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match comparator {
        Comparator::Eq => same(x, y),
        Comparator::Ne => !same(x, y),
        Comparator::Lt => order == Some(Ordering::Less),
        Comparator::Le => matches!(order, Some(Ordering::Less | Ordering::Equal)),
        Comparator::Gt => order == Some(Ordering::Greater),
        Comparator::Ge => matches!(order, Some(Ordering::Greater | Ordering::Equal)),
    }
}

/// Equality as DynamoDB sees it: sets compare as sets.
pub fn same(x: &AttributeValue, y: &AttributeValue) -> bool {
    fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
        a.len() == b.len() && a.iter().all(|m| b.contains(m))
    }
    match (x, y) {
        (AttributeValue::Ss(a), AttributeValue::Ss(b)) => same_set(a, b),
        (AttributeValue::Ns(a), AttributeValue::Ns(b)) => same_set(a, b),
        (AttributeValue::Bs(a), AttributeValue::Bs(b)) => same_set(a, b),
        (AttributeValue::L(a), AttributeValue::L(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(p, q)| same(p, q))
        }
        (AttributeValue::M(a), AttributeValue::M(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => x == y,
    }
}

fn numeric_order(a: &Number, b: &Number) -> Option<std::cmp::Ordering> {
    let difference = a.add(b, true).ok()?;
    Some(match difference.as_str() {
        "0" => std::cmp::Ordering::Equal,
        text if text.starts_with('-') => std::cmp::Ordering::Less,
        _ => std::cmp::Ordering::Greater,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::attribute::item_from_json;
    use serde_json::json;

    fn placeholders(values: serde_json::Value) -> Placeholders {
        Placeholders {
            names: [("#s".to_string(), "status".to_string())].into(),
            values: item_from_json(&values).unwrap(),
        }
    }

    #[test]
    fn update_expressions_run_on_the_old_item() {
        let item = item_from_json(
            &json!({"id": {"S": "a"}, "n": {"N": "1"}, "tags": {"SS": ["x"]}, "gone": {"S": "g"}}),
        )
        .unwrap();
        let actions = parse_update(
            "SET n = n + :one, #s = :open, first = if_not_exists(first, n) REMOVE gone ADD tags :y, count :one",
        )
        .unwrap();
        let p =
            placeholders(json!({":one": {"N": "1"}, ":open": {"S": "open"}, ":y": {"SS": ["y"]}}));
        let updated = p.apply_update(&actions, &item, &["id"]).unwrap();
        assert_eq!(
            serde_json::to_value(&updated).unwrap(),
            json!({"id": {"S": "a"}, "n": {"N": "2"}, "status": {"S": "open"}, "first": {"N": "1"}, "tags": {"SS": ["x", "y"]}, "count": {"N": "1"}})
        );
        let err = p
            .apply_update(&parse_update("SET id = :one").unwrap(), &item, &["id"])
            .unwrap_err();
        assert_eq!(err.message, "One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key");
        let err = p
            .apply_update(
                &parse_update("SET x = missing + :one").unwrap(),
                &item,
                &["id"],
            )
            .unwrap_err();
        assert!(err.message.contains("does not exist in the item"));
    }

    #[test]
    fn unsupported_or_broken_expressions_are_refused_when_read() {
        assert!(parse_update("SET a.b = :v")
            .unwrap_err()
            .contains("nested paths"));
        assert!(parse_update("SET a = size(b)")
            .unwrap_err()
            .contains("size"));
        assert!(parse_update("SET a = :v SET b = :w")
            .unwrap_err()
            .contains("only be used once"));
        assert!(parse_update("PUT a").is_err());
        assert!(parse_condition("begins_with(a, :p)").is_err());
        assert!(parse_condition("a = :v extra").is_err());
    }

    #[test]
    fn conditions_evaluate_on_the_current_item() {
        let item = item_from_json(&json!({"id": {"S": "a"}, "n": {"N": "10"}})).unwrap();
        let p = placeholders(json!({":five": {"N": "5.0"}, ":ten": {"N": "10"}}));
        let holds = |text: &str| p.holds(&parse_condition(text).unwrap(), &item).unwrap();
        assert!(holds("attribute_exists(id) AND n > :five"));
        assert!(holds("n = :ten AND NOT (n < :five)"));
        assert!(!holds("attribute_not_exists(id) OR n <= :five"));
        assert!(p
            .holds(
                &parse_condition("attribute_not_exists(id)").unwrap(),
                &Item::new()
            )
            .unwrap());
    }
}
