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

// One file as the command prints it, made on a worker thread: the mail is read, described and
// freed there, so the printing thread only joins the descriptions.
struct InspectedFile
{
    QString path;
    QString error;
    QJsonObject json;
    QStringList lines; // the text form: a tab-separated line per message
};

QJsonObject describe(const MailItem &item, QString &line)
{
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
    line = mailKindName(item.kind) + QLatin1Char('\t') + status + QLatin1Char('\t') + reason
        + QLatin1Char('\t') + recipients.join(QLatin1Char(','));
    return QJsonObject { { QStringLiteral("kind"), mailKindName(item.kind) },
        { QStringLiteral("message_id"), item.messageId },
        { QStringLiteral("recipients"), QJsonArray::fromStringList(recipients) },
        { QStringLiteral("recipient_details"), details }, { QStringLiteral("status"), status },
        { QStringLiteral("reason"), reason }, { QStringLiteral("diagnostic"), diagnostic },
        { QStringLiteral("mta_format"), item.bounce.mtaFormat } };
}

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
    QJsonArray messages;
    if (!MailReader::looksLikeMail(bytes)) {
        inspected.lines.append(QStringLiteral("not-mail"));
    } else {
        const MailReader::Result result = MailReader::read(bytes, caps);
        for (const MailItem &item : result.items) {
            QString line;
            messages.append(describe(item, line));
            inspected.lines.append(line);
        }
        if (!result.error.isEmpty())
            inspected.lines.append(QStringLiteral("error\t") + result.error);
    }
    inspected.json = QJsonObject { { QStringLiteral("path"), input.path },
        { QStringLiteral("messages"), messages } };
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
        if (json)
            files.append(file.json);
        else
            for (const QString &line : file.lines)
                out << file.path << '\t' << line << '\n';
    }
    if (json)
        out << QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("files"),
                files } }).toJson(QJsonDocument::Indented));
    out.flush();
    return Success;
}

} // namespace CliCommands
