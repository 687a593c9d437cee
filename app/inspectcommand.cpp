#include "clicommands.h"

#include "importer.h"
#include "mailreader.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentMap>

namespace CliCommands {

namespace {

struct InspectedFile
{
    QString path;
    QString error;
    bool mail = false;
    MailReader::Result result;
};

// Reads one file as mail; runs on the global pool, one file per task.
InspectedFile inspectFile(const Importer::Input &input)
{
    const InputCaps caps;
    InspectedFile inspected;
    inspected.path = input.path;
    QFile file(input.path);
    if (file.size() > caps.maxInputBytes || !file.open(QIODevice::ReadOnly)) {
        inspected.error = QStringLiteral("cannot read");
        return inspected;
    }
    const QByteArray bytes = file.readAll();
    inspected.mail = MailReader::looksLikeMail(bytes);
    if (inspected.mail)
        inspected.result = MailReader::read(bytes, caps);
    return inspected;
}

} // namespace

int inspect(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("Mail files or folders."));
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON instead of text.") });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.positionalArguments().isEmpty()) {
        err << "usage: dmarcscope-cli inspect [--json] PATH..." << Qt::endl;
        return UsageOrDatabaseError;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    QList<ImportLogEntry> missing;
    const auto inputs = Importer::collectInputs(parser.positionalArguments(), &missing);
    for (const ImportLogEntry &entry : std::as_const(missing))
        err << entry.path << ": " << entry.error << Qt::endl;
    // Files are independent: read them on every core, print them in the order given.
    const QList<InspectedFile> inspected = QtConcurrent::blockingMapped(inputs, inspectFile);
    QJsonArray files;
    for (const InspectedFile &file : inspected) {
        if (!file.error.isEmpty()) {
            err << file.path << ": " << file.error << Qt::endl;
            continue;
        }
        QJsonArray messages;
        for (const MailItem &item : file.result.items) {
            QStringList recipients;
            QJsonArray details; // each recipient's own status and reason
            QString status, reason, diagnostic;
            if (item.kind == MailKind::Bounce) {
                for (const BounceRecipient &recipient : item.bounce.recipients) {
                    recipients.append(recipient.address);
                    details.append(QJsonObject { { QStringLiteral("address"), recipient.address },
                        { QStringLiteral("status"), recipient.status },
                        { QStringLiteral("reason"), recipient.reason } });
                }
                status = item.bounce.status();
                reason = item.bounce.reason();
                if (!item.bounce.recipients.isEmpty())
                    diagnostic = item.bounce.recipients.first().diagnostic;
            }
            messages.append(QJsonObject { { QStringLiteral("kind"), mailKindName(item.kind) },
                { QStringLiteral("message_id"), item.messageId },
                { QStringLiteral("recipients"), QJsonArray::fromStringList(recipients) },
                { QStringLiteral("recipient_details"), details },
                { QStringLiteral("status"), status }, { QStringLiteral("reason"), reason },
                { QStringLiteral("diagnostic"), diagnostic },
                { QStringLiteral("mta_format"), item.bounce.mtaFormat } });
            if (!json)
                out << file.path << '\t' << mailKindName(item.kind) << '\t' << status << '\t'
                    << reason << '\t' << recipients.join(QLatin1Char(',')) << Qt::endl;
        }
        if (!json && !file.mail)
            out << file.path << "\tnot-mail" << Qt::endl;
        else if (!json && !file.result.error.isEmpty())
            out << file.path << "\terror\t" << file.result.error << Qt::endl;
        files.append(QJsonObject {
            { QStringLiteral("path"), file.path }, { QStringLiteral("messages"), messages } });
    }
    if (json)
        out << QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("files"),
                files } }).toJson(QJsonDocument::Indented));
    return Success;
}

} // namespace CliCommands
