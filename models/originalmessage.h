#pragma once

#include "mailitems.h"

#include <QByteArrayView>

// Dissects the header block of a returned or reported message: who it claimed to be from, its
// DKIM signatures, the submitter headers spam tools leave, and the Received chain as hops.
namespace OriginalMessageReader {

OriginalMessage read(QByteArrayView headerBlock);
// One Received: field's value; a hop with no IP and no host if it says nothing useful.
ReceivedHop parseReceived(const QString &value);

} // namespace OriginalMessageReader
