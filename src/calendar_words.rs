//! The English month and weekday names, lower case, in calendar order. The segmenter, the source
//! tagger and others each need to know a date word when they see one; one list keeps them agreeing.

/// January first; index + 1 is the month number.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Monday first (ISO 8601).
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
