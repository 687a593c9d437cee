#pragma once

#include "database.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

// Runs a read on Qt's thread pool with a connection of its own (Qt SQL connections belong to
// their thread), so a large store never freezes the window while a page loads.
namespace BackgroundQuery {

// A pool of its own: Qt's raster paint engine fills large areas on the global pool, so long
// queries there would stall painting and freeze the window they are meant to keep responsive.
QThreadPool *pool();

template<typename T> QFuture<T> run(const QString &location, std::function<T(QSqlDatabase)> query)
{
    return QtConcurrent::run(pool(), [location, query] {
        Database database(location);
        T result {};
        {
            QSqlDatabase db = database.connection();
            if (db.isOpen())
                result = query(db);
        }
        database.closeThreadConnection();
        return result;
    });
}

// The same, handing the result to `done` on `context`'s thread when the query is over (not if
// `context` is gone by then).
template<typename T>
void run(const QString &location, std::function<T(QSqlDatabase)> query, QObject *context,
    std::function<void(const T &)> done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(run<T>(location, std::move(query)));
}

} // namespace BackgroundQuery
