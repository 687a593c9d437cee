#include "csvwriter.h"

#include <QStringList>

namespace CsvWriter {

namespace {

void writeRows(const QAbstractItemModel *model, const QModelIndex &parent, QByteArray &out)
{
    const int columns = model->columnCount(parent.isValid() ? parent : QModelIndex());
    for (int row = 0; row < model->rowCount(parent); ++row) {
        QList<QByteArray> cells;
        for (int column = 0; column < columns; ++column)
            cells.append(field(model->index(row, column, parent).data(Qt::DisplayRole).toString()));
        out += cells.join(',') + "\r\n";
        const QModelIndex child = model->index(row, 0, parent);
        if (model->hasChildren(child))
            writeRows(model, child, out);
    }
}

} // namespace

QByteArray field(const QString &value)
{
    QString text = value;
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front())) {
        // A negative number is data, not a formula.
        bool isNumber = false;
        text.toDouble(&isNumber);
        if (!isNumber)
            text.prepend(QLatin1Char('\''));
    }
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')
        || bytes.startsWith(' ') || bytes.endsWith(' ')) {
        bytes.replace('"', "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

QByteArray write(const QAbstractItemModel *model)
{
    QByteArray out;
    QList<QByteArray> header;
    for (int column = 0; column < model->columnCount(); ++column)
        header.append(field(model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()));
    out += header.join(',') + "\r\n";
    writeRows(model, {}, out);
    return out;
}

} // namespace CsvWriter
