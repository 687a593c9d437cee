#pragma once

#include "importlog.h"
#include "inputcaps.h"

#include <QFuture>
#include <QStringList>

// Runs an import on Qt's thread pool. The future yields one ImportLogEntry per input as soon as
// it is done; progress is in KiB read with a text naming the current input; cancel() stops after
// the input being read (that input is finished, so nothing is left half stored).
namespace ImportJob {

QFuture<ImportLogEntry> start(
    const QString &databaseLocation, const QStringList &paths, const InputCaps &caps = {});

} // namespace ImportJob
