//! Located messages about bad input, and AWS's own errors.
//!
//! Everything that reads untrusted text (pasted JSON, code, share links) reports problems as
//! [`Diagnostic`]s instead of panicking: a message plus where it is, as a 1-based line and column
//! when the reader knows them and as a field path (`Records[3].PartitionKey`) when it knows that.
//! [`AwsError`] carries an AWS exception name with the message AWS gives, so the UI and the CLI can
//! quote AWS word for word.

use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is: errors stop a stage, warnings only explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One message about the input, with its location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field the message is about, e.g. `Records[2].ExplicitHashKey`.
    pub field: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn in_field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    /// A diagnostic for a `serde_json` error, located where serde_json stopped.
    pub fn from_json_error(error: &serde_json::Error) -> Diagnostic {
        let message = error.to_string();
        // serde_json appends " at line L column C"; the location is kept in fields instead.
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_owned(),
            None => message,
        };
        Diagnostic::error(message).at(error.line(), error.column())
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// An error as AWS reports it: the exception name and AWS's message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct AwsError {
    pub code: &'static str,
    pub message: String,
}

impl AwsError {
    pub fn invalid_argument(message: impl Into<String>) -> AwsError {
        AwsError {
            code: "InvalidArgumentException",
            message: message.into(),
        }
    }

    /// Lambda's refusal of a parameter value (CreateEventSourceMapping and friends).
    pub fn invalid_parameter_value(message: impl Into<String>) -> AwsError {
        AwsError {
            code: "InvalidParameterValueException",
            message: message.into(),
        }
    }

    pub fn validation(message: impl Into<String>) -> AwsError {
        AwsError {
            code: "ValidationException",
            message: message.into(),
        }
    }

    pub fn resource_not_found(message: impl Into<String>) -> AwsError {
        AwsError {
            code: "ResourceNotFoundException",
            message: message.into(),
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AwsError {}
