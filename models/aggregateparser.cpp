#include "aggregateparser.h"

#include <QCoreApplication>
#include <QHostAddress>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <cstring>
#include <mutex>
#include <vector>

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("AggregateParser", text, disambiguation, n);
}

// The largest per-record message count we accept. Real reports stay far below; the cap keeps
// sums of hostile counts (2^63 and friends) from overflowing.
constexpr qint64 MaxRecordCount = qint64(1) << 40;
// Values of known elements longer than this are cut: no DMARC field is legitimately this long.
constexpr qsizetype MaxValueBytes = 64 * 1024;

xmlParserInputPtr denyExternalEntity(const char *, const char *, xmlParserCtxtPtr)
{
    return nullptr; // never read a file, never open a URL
}

void silenceGenericErrors(void *, const char *, ...) { }

void initLibxml()
{
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        xmlSetExternalEntityLoader(denyExternalEntity);
    });
    // These two are per thread in libxml2: set them on every thread that parses.
    xmlSetGenericErrorFunc(nullptr, silenceGenericErrors);
    xmlSetStructuredErrorFunc(nullptr, nullptr);
}

// Where in the report an element sits; leaves take their meaning from their parent section.
enum class Section
{
    Document,
    Feedback,
    Metadata,
    DateRange,
    Policy,
    Record,
    Row,
    PolicyEvaluated,
    Reason,
    Identifiers,
    AuthResults,
    Dkim,
    Spf,
    Leaf, // a value element directly inside a known section
    Ignored, // extensions, unknown elements and anything below a leaf
};

bool nameIs(const xmlChar *name, const char *literal)
{
    return xmlStrEqual(name, reinterpret_cast<const xmlChar *>(literal));
}

Section childSection(Section parent, const xmlChar *name)
{
    switch (parent) {
    case Section::Document:
        return nameIs(name, "feedback") ? Section::Feedback : Section::Ignored;
    case Section::Feedback:
        if (nameIs(name, "report_metadata"))
            return Section::Metadata;
        if (nameIs(name, "policy_published"))
            return Section::Policy;
        if (nameIs(name, "record"))
            return Section::Record;
        if (nameIs(name, "extension"))
            return Section::Ignored;
        return Section::Leaf;
    case Section::Metadata:
        return nameIs(name, "date_range") ? Section::DateRange : Section::Leaf;
    case Section::Record:
        if (nameIs(name, "row"))
            return Section::Row;
        if (nameIs(name, "identifiers"))
            return Section::Identifiers;
        if (nameIs(name, "auth_results"))
            return Section::AuthResults;
        return Section::Ignored;
    case Section::Row:
        return nameIs(name, "policy_evaluated") ? Section::PolicyEvaluated : Section::Leaf;
    case Section::PolicyEvaluated:
        return nameIs(name, "reason") ? Section::Reason : Section::Leaf;
    case Section::AuthResults:
        if (nameIs(name, "dkim"))
            return Section::Dkim;
        if (nameIs(name, "spf"))
            return Section::Spf;
        return Section::Ignored;
    case Section::DateRange:
    case Section::Policy:
    case Section::Reason:
    case Section::Identifiers:
    case Section::Dkim:
    case Section::Spf:
        return Section::Leaf;
    case Section::Leaf:
    case Section::Ignored:
        break;
    }
    return Section::Ignored;
}

// The value with leading and trailing whitespace removed and inner runs collapsed to one space,
// as QString::simplified() does. Nearly every value has no whitespace at all: those skip the
// second pass and its copy.
QString simplifiedValue(QByteArrayView text)
{
    auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    };
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isSpace(text[begin]))
        ++begin;
    while (end > begin && isSpace(text[end - 1]))
        --end;
    const QByteArrayView trimmed = text.sliced(begin, end - begin);
    QString value = QString::fromUtf8(trimmed);
    for (const char c : trimmed)
        if (uchar(c) <= ' ' || c == '\x7f' || uchar(c) >= 0x80)
            return std::move(value).simplified(); // tabs, runs, or Unicode spaces inside
    return value;
}

QString lowered(const QString &value)
{
    return value.toLower();
}

class Parser
{
public:
    explicit Parser(AggregateParseResult &result)
        : m_result(result)
        , m_report(result.report)
    { }

    void startElement(Section section, const xmlChar *name, const xmlChar *namespaceUri)
    {
        m_text.resize(0); // keeps the capacity: clear() would free it for every element
        m_textTruncated = false;
        switch (section) {
        case Section::Feedback:
            m_sawRoot = true;
            if (namespaceUri)
                m_report.namespaceUri
                    = QString::fromUtf8(reinterpret_cast<const char *>(namespaceUri));
            break;
        case Section::Record:
            m_record = AggregateRecord();
            m_recordProblem.clear();
            ++m_recordIndex;
            break;
        case Section::Reason:
            m_record.reasons.append(PolicyOverride());
            break;
        case Section::Dkim:
            m_record.dkim.append(DkimAuthResult());
            break;
        case Section::Spf:
            m_record.spf.append(SpfAuthResult());
            break;
        case Section::Ignored:
            if (m_stackHasNoRoot)
                m_rootName = QString::fromUtf8(reinterpret_cast<const char *>(name));
            break;
        default:
            break;
        }
        m_stackHasNoRoot = false;
    }

    void text(const xmlChar *value, int length)
    {
        if (m_textTruncated)
            return;
        m_text.append(reinterpret_cast<const char *>(value), length);
        if (m_text.size() > MaxValueBytes) {
            m_text.truncate(MaxValueBytes);
            m_textTruncated = true;
        }
    }

    void endLeaf(Section parent, const xmlChar *name)
    {
        if (m_textTruncated) {
            m_result.warnings.append(
                tr("the value of <%1> is longer than %2 bytes and was cut")
                    .arg(QString::fromUtf8(reinterpret_cast<const char *>(name)))
                    .arg(MaxValueBytes));
        }
        const QString value = simplifiedValue(m_text);
        m_text.resize(0);
        switch (parent) {
        case Section::Feedback:
            if (nameIs(name, "version"))
                m_report.schemaVersion = value;
            break;
        case Section::Metadata:
            metadataValue(name, value);
            break;
        case Section::DateRange:
            if (nameIs(name, "begin"))
                m_begin = value;
            else if (nameIs(name, "end"))
                m_end = value;
            break;
        case Section::Policy:
            policyValue(name, value);
            break;
        case Section::Row:
            rowValue(name, value);
            break;
        case Section::PolicyEvaluated:
            if (nameIs(name, "disposition"))
                m_record.disposition = lowered(value);
            else if (nameIs(name, "dkim"))
                m_record.dkimEvaluated = lowered(value);
            else if (nameIs(name, "spf"))
                m_record.spfEvaluated = lowered(value);
            break;
        case Section::Reason:
            if (nameIs(name, "type"))
                m_record.reasons.last().type = lowered(value);
            else if (nameIs(name, "comment"))
                m_record.reasons.last().comment = value;
            break;
        case Section::Identifiers:
            if (nameIs(name, "header_from"))
                m_record.headerFrom = lowered(value);
            else if (nameIs(name, "envelope_from"))
                m_record.envelopeFrom = lowered(value);
            else if (nameIs(name, "envelope_to"))
                m_record.envelopeTo = lowered(value);
            break;
        case Section::Dkim: {
            auto &dkim = m_record.dkim.last();
            if (nameIs(name, "domain"))
                dkim.domain = lowered(value);
            else if (nameIs(name, "selector"))
                dkim.selector = value;
            else if (nameIs(name, "result"))
                dkim.result = lowered(value);
            else if (nameIs(name, "human_result"))
                dkim.humanResult = value;
            break;
        }
        case Section::Spf: {
            auto &spf = m_record.spf.last();
            if (nameIs(name, "domain"))
                spf.domain = lowered(value);
            else if (nameIs(name, "scope"))
                spf.scope = lowered(value);
            else if (nameIs(name, "result"))
                spf.result = lowered(value);
            else if (nameIs(name, "human_result"))
                spf.humanResult = value;
            break;
        }
        default:
            break;
        }
    }

    void endRecord()
    {
        if (m_recordProblem.isEmpty() && m_record.sourceIp.isEmpty())
            m_recordProblem = tr("it has no source IP");
        if (m_recordProblem.isEmpty() && !m_sawCount)
            m_recordProblem = tr("it has no message count");
        m_sawCount = false;
        if (!m_recordProblem.isEmpty()) {
            ++m_skippedRecords;
            m_result.warnings.append(
                tr("record %1 skipped: %2").arg(m_recordIndex).arg(m_recordProblem));
            return;
        }
        m_report.records.append(std::move(m_record));
        m_record = AggregateRecord();
    }

    // Checks what only the whole document can tell. Returns the rejection reason or empty.
    QString finish()
    {
        if (!m_sawRoot)
            return m_rootName.isEmpty()
                ? tr("not a DMARC aggregate report: no <feedback> element")
                : tr("not a DMARC aggregate report: the root element is <%1>").arg(m_rootName);
        if (m_report.reportId.isEmpty())
            return tr("the report has no <report_id>");
        if (m_report.policy.domain.isEmpty())
            return tr("the report has no published policy domain");
        bool beginOk = false;
        bool endOk = false;
        m_report.dateBegin = m_begin.toLongLong(&beginOk);
        m_report.dateEnd = m_end.toLongLong(&endOk);
        if (!beginOk || !endOk)
            return tr("the date range \"%1\" to \"%2\" is not a pair of timestamps")
                .arg(m_begin, m_end);
        if (m_report.dateBegin < 0 || m_report.dateEnd < 0)
            return tr("the date range %1 to %2 has a negative timestamp")
                .arg(m_report.dateBegin)
                .arg(m_report.dateEnd);
        if (m_report.dateBegin > m_report.dateEnd)
            return tr("the date range begins (%1) after it ends (%2)")
                .arg(m_report.dateBegin)
                .arg(m_report.dateEnd);
        if (m_report.records.isEmpty())
            return m_skippedRecords > 0
                ? tr("none of its %1 records could be read").arg(m_skippedRecords)
                : tr("the report has no records");
        if (m_report.orgName.isEmpty()) {
            m_result.warnings.append(tr("the report names no reporting organisation"));
            m_report.orgName = m_report.email.section(QLatin1Char('@'), 1);
        }
        return {};
    }

private:
    void metadataValue(const xmlChar *name, const QString &value)
    {
        if (nameIs(name, "org_name"))
            m_report.orgName = value;
        else if (nameIs(name, "email"))
            m_report.email = value;
        else if (nameIs(name, "extra_contact_info"))
            m_report.extraContactInfo = value;
        else if (nameIs(name, "report_id"))
            m_report.reportId = value;
        else if (nameIs(name, "error"))
            m_report.errors.append(value);
        else if (nameIs(name, "generator"))
            m_report.generator = value;
    }

    void policyValue(const xmlChar *name, const QString &value)
    {
        auto &policy = m_report.policy;
        if (nameIs(name, "domain"))
            policy.domain = lowered(value);
        else if (nameIs(name, "adkim"))
            policy.adkim = lowered(value);
        else if (nameIs(name, "aspf"))
            policy.aspf = lowered(value);
        else if (nameIs(name, "p"))
            policy.p = lowered(value);
        else if (nameIs(name, "sp"))
            policy.sp = lowered(value);
        else if (nameIs(name, "np"))
            policy.np = lowered(value);
        else if (nameIs(name, "pct"))
            policy.pct = value;
        else if (nameIs(name, "fo"))
            policy.fo = value;
        else if (nameIs(name, "testing"))
            policy.testing = lowered(value);
        else if (nameIs(name, "discovery_method"))
            policy.discoveryMethod = lowered(value);
    }

    void rowValue(const xmlChar *name, const QString &value)
    {
        if (nameIs(name, "source_ip")) {
            QHostAddress address;
            if (!address.setAddress(value)) {
                m_recordProblem
                    = tr("the source IP \"%1\" is not an IP address").arg(value.left(80));
                return;
            }
            m_record.sourceIp = address.toString();
        } else if (nameIs(name, "count")) {
            bool ok = false;
            const qint64 count = value.toLongLong(&ok);
            m_sawCount = true;
            if (!ok || count < 0 || count > MaxRecordCount)
                m_recordProblem
                    = tr("the message count \"%1\" is out of range").arg(value.left(40));
            else
                m_record.count = count;
        }
    }

    AggregateParseResult &m_result;
    AggregateReport &m_report;
    AggregateRecord m_record;
    QByteArray m_text;
    bool m_textTruncated = false;
    QString m_recordProblem;
    QString m_begin;
    QString m_end;
    QString m_rootName;
    bool m_stackHasNoRoot = true;
    bool m_sawRoot = false;
    bool m_sawCount = false;
    int m_recordIndex = 0;
    int m_skippedRecords = 0;
};

struct ErrorSink
{
    QString firstError;
};

void collectError(void *context, const xmlError *error)
{
    auto *sink = static_cast<ErrorSink *>(context);
    if (!error || error->level < XML_ERR_ERROR || !sink->firstError.isEmpty())
        return;
    const QString message = QString::fromUtf8(error->message ? error->message : "").trimmed();
    sink->firstError = error->line > 0 ? tr("line %1: %2").arg(error->line).arg(message) : message;
}

// The SAX handlers' shared state: the element stack, the values being built, the first error.
struct SaxState
{
    explicit SaxState(AggregateParseResult &result)
        : parser(result)
    { }
    Parser parser;
    ErrorSink sink;
    xmlParserCtxtPtr context = nullptr;
    std::vector<Section> stack { Section::Document };
    std::vector<const xmlChar *> names { nullptr }; // libxml2's dictionary keeps them alive
};

void refuse(SaxState &state, const QString &reason)
{
    if (state.sink.firstError.isEmpty())
        state.sink.firstError = reason;
    xmlStopParser(state.context);
}

void onStartElement(void *context, const xmlChar *localName, const xmlChar *, const xmlChar *uri,
    int, const xmlChar **, int, int, const xmlChar **)
{
    auto &state = *static_cast<SaxState *>(context);
    const Section section = childSection(state.stack.back(), localName);
    state.parser.startElement(section, localName, uri);
    state.stack.push_back(section);
    state.names.push_back(localName);
}

void onEndElement(void *context, const xmlChar *, const xmlChar *, const xmlChar *)
{
    auto &state = *static_cast<SaxState *>(context);
    if (state.stack.size() <= 1)
        return; // libxml2 reports the imbalance itself
    const Section section = state.stack.back();
    const xmlChar *name = state.names.back();
    state.stack.pop_back();
    state.names.pop_back();
    if (section == Section::Leaf)
        state.parser.endLeaf(state.stack.back(), name);
    else if (section == Section::Record)
        state.parser.endRecord();
}

void onCharacters(void *context, const xmlChar *text, int length)
{
    auto &state = *static_cast<SaxState *>(context);
    if (state.stack.back() == Section::Leaf)
        state.parser.text(text, length);
}

QString dtdRefused()
{
    return tr("the document declares a DOCTYPE; DTDs and entities are refused");
}

void onDoctype(void *context, const xmlChar *, const xmlChar *, const xmlChar *)
{
    refuse(*static_cast<SaxState *>(context), dtdRefused());
}

void onEntityReference(void *context, const xmlChar *)
{
    refuse(*static_cast<SaxState *>(context), dtdRefused());
}

void onStructuredError(void *context, xmlErrorPtr error)
{
    collectError(&static_cast<SaxState *>(context)->sink, error);
}

// Finds a DOCTYPE in the prolog without parsing it: entity bombs and external DTDs never reach
// libxml2's DTD code at all.
bool prologHasDoctype(const QByteArray &xml)
{
    qsizetype pos = 0;
    const qsizetype limit = qMin<qsizetype>(xml.size(), 64 * 1024);
    while (pos < limit) {
        const qsizetype lt = xml.indexOf('<', pos);
        if (lt < 0 || lt + 1 >= xml.size())
            return false;
        const char next = xml.at(lt + 1);
        if (next == '?') { // declaration or processing instruction
            pos = xml.indexOf("?>", lt);
        } else if (xml.mid(lt, 4) == "<!--") {
            pos = xml.indexOf("-->", lt);
        } else if (next == '!') {
            return true; // <!DOCTYPE, or any other markup declaration before the root
        } else {
            return false; // the root element: the prolog is over
        }
        if (pos < 0)
            return false;
    }
    return false;
}

// The encoding named in the XML declaration, lower-cased; empty when there is none.
QByteArray declaredEncoding(const QByteArray &xml)
{
    if (!xml.startsWith("<?xml") && !xml.startsWith("\xEF\xBB\xBF<?xml"))
        return {};
    const qsizetype end = xml.indexOf("?>");
    const QByteArray declaration = xml.left(end < 0 ? 200 : end).toLower();
    const qsizetype at = declaration.indexOf("encoding");
    if (at < 0)
        return {};
    qsizetype quote = at + 8;
    while (
        quote < declaration.size() && declaration.at(quote) != '"' && declaration.at(quote) != '\'')
        ++quote;
    if (quote >= declaration.size())
        return {};
    const qsizetype close = declaration.indexOf(declaration.at(quote), quote + 1);
    return close < 0 ? QByteArray() : declaration.mid(quote + 1, close - quote - 1).trimmed();
}

} // namespace

namespace AggregateParser {

int repairUtf8(QByteArray &data)
{
    // Reports are nearly all ASCII: skip it eight bytes at a time, and leave only the rest to
    // Qt's validator, which goes byte by byte. An ASCII prefix ends on a character boundary.
    qsizetype ascii = 0;
    for (quint64 word; ascii + 8 <= data.size(); ascii += 8) {
        std::memcpy(&word, data.constData() + ascii, sizeof word);
        if (word & 0x8080808080808080ull)
            break;
    }
    if (QByteArrayView(data).sliced(ascii).isValidUtf8())
        return 0;
    QByteArray repaired;
    repaired.reserve(data.size() + 16);
    int repairs = 0;
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype size = data.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        int length = 0;
        unsigned minimum = 0;
        if (lead < 0x80) {
            repaired.append(char(lead));
            ++i;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            minimum = 0x10000;
        }
        bool valid = length > 0 && i + length <= size;
        unsigned codePoint = length ? (lead & (0x7F >> length)) : 0;
        for (int k = 1; valid && k < length; ++k) {
            valid = (bytes[i + k] & 0xC0) == 0x80;
            codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
        }
        valid = valid && codePoint >= minimum && codePoint <= 0x10FFFF
            && !(codePoint >= 0xD800 && codePoint <= 0xDFFF);
        if (valid) {
            repaired.append(data.constData() + i, length);
            i += length;
        } else {
            repaired.append("\xEF\xBF\xBD");
            ++repairs;
            ++i;
        }
    }
    data = std::move(repaired);
    return repairs;
}

AggregateParseResult parse(const QByteArray &input)
{
    AggregateParseResult result;
    initLibxml();

    if (prologHasDoctype(input)) {
        result.error = dtdRefused();
        return result;
    }

    QByteArray xml = input;
    const QByteArray encoding = declaredEncoding(xml);
    const bool utf16 = xml.startsWith("\xFF\xFE") || xml.startsWith("\xFE\xFF");
    if (!utf16 && (encoding.isEmpty() || encoding == "utf-8" || encoding == "utf8")) {
        const int repairs = repairUtf8(xml);
        if (repairs > 0)
            result.warnings.append(
                tr("%n invalid UTF-8 byte(s) replaced by \uFFFD", nullptr, repairs));
    }

    // Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, HUGE or XINCLUDE.
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA;
    xmlParserCtxtPtr context = xmlCreateMemoryParserCtxt(xml.constData(), int(xml.size()));
    if (!context) {
        result.error = tr("the XML parser could not be started");
        return result;
    }
    xmlCtxtUseOptions(context, options);
    // SAX2 callbacks instead of a tree or the text reader: no node is ever built, which halves
    // the parse. Only elements and text are handled; anything DTD-related refuses the document.
    xmlSAXHandler handler {};
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = onStartElement;
    handler.endElementNs = onEndElement;
    handler.characters = onCharacters;
    handler.cdataBlock = onCharacters;
    handler.internalSubset = onDoctype;
    handler.externalSubset = onDoctype;
    handler.reference = onEntityReference;
    handler.serror = onStructuredError;
    *context->sax = handler;
    SaxState state(result);
    state.context = context;
    context->userData = &state;
    xmlParseDocument(context);
    const bool wellFormed = context->wellFormed && !context->disableSAX;
    xmlFreeParserCtxt(context);

    if (!wellFormed || !state.sink.firstError.isEmpty()) {
        result.error = state.sink.firstError.isEmpty()
            ? tr("the XML is not well-formed")
            : tr("the XML is not well-formed (%1)").arg(state.sink.firstError);
        return result;
    }
    Parser &parser = state.parser;
    result.error = parser.finish();
    return result;
}

} // namespace AggregateParser
