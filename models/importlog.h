#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

// What happened to one input (a file given or found in a folder). The CLI prints these, the
// import log table stores them, the GUI lists them.
struct ImportLogEntry
{
    enum class Outcome
    {
        Imported,
        Duplicate,
        Rejected,
        Ignored
    };

    QString path;
    Outcome outcome = Outcome::Rejected;
    int reports = 0; // reports newly stored from this input
    int duplicates = 0; // reports and mail messages that were already in the store
    int mails = 0; // bounces, failure reports and TLS reports newly stored from this input
    int ignoredMails = 0; // auto-replies and other mail: counted and skipped
    qint64 bytes = 0;
    QString error; // what could not be read, in words; may be set next to Imported for a part
    QStringList warnings;
    qint64 importedAt = 0; // seconds since the epoch

    static QString outcomeName(Outcome outcome)
    {
        switch (outcome) {
        case Outcome::Imported:
            return QStringLiteral("imported");
        case Outcome::Duplicate:
            return QStringLiteral("duplicate");
        case Outcome::Rejected:
            return QStringLiteral("rejected");
        case Outcome::Ignored:
            return QStringLiteral("ignored");
        }
        return {};
    }
    static Outcome outcomeFromName(const QString &name)
    {
        for (auto outcome : { Outcome::Imported, Outcome::Duplicate, Outcome::Rejected })
            if (outcomeName(outcome) == name)
                return outcome;
        return Outcome::Ignored;
    }
};

Q_DECLARE_METATYPE(ImportLogEntry)
