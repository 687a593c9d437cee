#pragma once

#include <Qt>

// Every custom item role of DMARC Scope's models, in one place.
namespace ItemRoles {

enum Role
{
    // The raw value of a cell (a number, a timestamp) for sorting and exporting, where
    // Qt::DisplayRole holds formatted text.
    SortRole = Qt::UserRole + 1,
    // The store's primary key of the row's object (qint64).
    IdRole,
    // ImportLogEntry::Outcome of an import log row, for colouring and filtering.
    OutcomeRole,
    // The source IP of a Sources row (QString); empty on group rows.
    SourceIpRole,
    // Text a filter matches against, beyond what the columns show (QString).
    FilterTextRole,
    // The class a row belongs to for a page's category filter: a bounce's reason, a failure
    // report's Auth-Failure (QString).
    CategoryRole,
    // True where a row deserves the user's attention: a HELO that does not match its host.
    WarningRole,
    // True where a row is evidence for a link: a Received hop from a linked row's source.
    LinkedRole,
};

} // namespace ItemRoles
