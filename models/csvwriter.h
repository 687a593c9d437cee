#pragma once

#include <QAbstractItemModel>
#include <QByteArray>

// Writes a model as CSV (RFC 4180, UTF-8): the header and every row as the model gives it, so a
// proxy's filter and sort are what get exported. Tree rows follow their parent, depth first.
namespace CsvWriter {

QByteArray write(const QAbstractItemModel *model);

// One field, quoted when needed. Values starting with = + - @ are prefixed with ' so a
// spreadsheet never runs them as formulas: reporter names and domains are untrusted input.
QByteArray field(const QString &value);

} // namespace CsvWriter
