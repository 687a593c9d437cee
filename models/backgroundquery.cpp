#include "backgroundquery.h"

namespace BackgroundQuery {

QThreadPool *pool()
{
    static QThreadPool queries;
    // Two: the Overview and the Sources load side by side; more only compete for the disk.
    queries.setMaxThreadCount(2);
    return &queries;
}

} // namespace BackgroundQuery
