#pragma once

#include "mailrecords.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <optional>

// How a bounce or failure report reads to a person: its fields as label/value pairs for a
// detail pane, and the text a filter searches.
namespace MailDescription {

using Fields = QList<QPair<QString, QString>>;

Fields fields(const StoredBounce &bounce);
Fields fields(const StoredFailure &failure);
QString searchText(const StoredBounce &bounce);
QString searchText(const StoredFailure &failure);
// "2023-03-14 17:43" in UTC, or an empty string for 0.
QString dateText(qint64 seconds);

// The roles the bounce and failure report lists answer alike: the id, the category, the filter
// text (`searchText` plus the flags) and the warning mark on the flags column. Empty for the
// display, tooltip and sort roles, which each list's columns answer; an invalid QVariant for
// roles neither list uses.
std::optional<QVariant> listRole(const StoredMail &row, int role, const QString &searchText,
    const QString &category, bool flagsColumn);

} // namespace MailDescription
