#pragma once

#include "mailrecords.h"

#include <QList>
#include <QPair>
#include <QString>

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

} // namespace MailDescription
