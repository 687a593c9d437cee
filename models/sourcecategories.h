#pragma once

#include "sourceclassifier.h"

#include <QHash>
#include <QSqlDatabase>

// The classification of every source IP in the store, from its reports and cached reverse DNS:
// what the Sources page and the Overview's category chart show. An IP reported for several
// policy domains takes the verdict of the domain it sent most for.
namespace SourceCategories {

struct Entry
{
    SourceClass verdict;
    QString ptr;
    qint64 messages = 0;
};

QHash<QString, Entry> compute(QSqlDatabase db, QString *error = nullptr);

} // namespace SourceCategories
