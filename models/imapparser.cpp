#include "imapparser.h"

namespace {

QByteArray printable(QByteArrayView line)
{
    if (const qsizetype end = line.indexOf('\n'); end >= 0)
        line = line.first(end);
    if (line.endsWith('\r'))
        line.chop(1);
    QByteArray shown = line.first(qMin<qsizetype>(line.size(), 200)).toByteArray();
    for (char &c : shown)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            c = '?';
    return shown;
}

// The size of the literal a line announces at its end ("{123}" or "{123+}"), -1 for none and
// -2 for a number too large to be a size at all.
qint64 announcedLiteral(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return -1;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return -1;
    QByteArrayView digits = line.sliced(open + 1, line.size() - open - 2);
    if (digits.endsWith('+'))
        digits.chop(1);
    if (digits.isEmpty())
        return -1;
    for (char c : digits)
        if (c < '0' || c > '9')
            return -1;
    if (digits.size() > 15)
        return -2;
    return digits.toLongLong();
}

// Reads the tokens of one complete response; literals are inline as "{n}\r\n" + n bytes.
class Tokenizer
{
public:
    static QString tr(const char *text) { return QCoreApplication::translate("ImapParser", text); }

    Tokenizer(QByteArrayView raw, int maxNesting)
        : m_raw(raw)
        , m_maxNesting(maxNesting)
    { }

    QString error;

    bool atEnd() const { return m_pos >= m_raw.size() || peek() == '\r' || peek() == '\n'; }
    char peek() const { return m_pos < m_raw.size() ? m_raw.at(m_pos) : '\0'; }
    void skipSpaces()
    {
        while (peek() == ' ')
            ++m_pos;
    }

    // An atom up to the next space, parenthesis or end of line; "[...]" sections are kept whole,
    // spaces included, so BODY[HEADER.FIELDS (FROM)] is one atom.
    QByteArray atom()
    {
        const qsizetype start = m_pos;
        int brackets = 0;
        while (m_pos < m_raw.size()) {
            const char c = m_raw.at(m_pos);
            if (c == '[')
                ++brackets;
            else if (c == ']' && brackets > 0)
                --brackets;
            else if (brackets == 0 && (c == ' ' || c == '(' || c == ')' || c == '\r' || c == '\n'))
                break;
            ++m_pos;
        }
        return m_raw.sliced(start, m_pos - start).toByteArray();
    }

    // The rest of the line.
    QByteArray rest()
    {
        const qsizetype start = m_pos;
        while (!atEnd())
            ++m_pos;
        return m_raw.sliced(start, m_pos - start).toByteArray();
    }

    // "[code] text" of a status response.
    void responseText(ImapResponse *response)
    {
        skipSpaces();
        if (peek() == '[') {
            const qsizetype close = m_raw.indexOf(']', m_pos);
            const qsizetype end = m_raw.indexOf('\n', m_pos);
            if (close > 0 && (end < 0 || close < end)) {
                response->code = m_raw.sliced(m_pos + 1, close - m_pos - 1).toByteArray();
                m_pos = close + 1;
                skipSpaces();
            }
        }
        response->text = rest();
    }

    bool tokens(QList<ImapToken> *out, int depth, bool inList)
    {
        if (depth > m_maxNesting) {
            error = tr("lists nested deeper than %1").arg(m_maxNesting);
            return false;
        }
        while (true) {
            skipSpaces();
            if (atEnd()) {
                if (inList) {
                    error = tr("a list is not closed");
                    return false;
                }
                return true;
            }
            const char c = peek();
            if (c == ')') {
                if (!inList) {
                    error = tr("a ')' without '('");
                    return false;
                }
                ++m_pos;
                return true;
            }
            ImapToken token;
            if (c == '(') {
                ++m_pos;
                token.type = ImapToken::Type::List;
                if (!tokens(&token.children, depth + 1, true))
                    return false;
            } else if (c == '"') {
                token.type = ImapToken::Type::String;
                if (!quoted(&token.text))
                    return false;
            } else if (c == '{') {
                token.type = ImapToken::Type::String;
                if (!literal(&token.text))
                    return false;
            } else {
                token.text = atom();
                if (token.text.isEmpty()) {
                    error = tr("unexpected character '%1'").arg(QLatin1Char(c));
                    return false;
                }
                if (token.text.compare("NIL", Qt::CaseInsensitive) == 0)
                    token.type = ImapToken::Type::Nil;
            }
            out->append(std::move(token));
        }
    }

private:
    bool quoted(QByteArray *text)
    {
        ++m_pos;
        while (m_pos < m_raw.size()) {
            char c = m_raw.at(m_pos++);
            if (c == '"')
                return true;
            if (c == '\r' || c == '\n')
                break;
            if (c == '\\' && m_pos < m_raw.size())
                c = m_raw.at(m_pos++);
            text->append(c);
        }
        error = tr("a quoted string is not closed");
        return false;
    }

    bool literal(QByteArray *text)
    {
        const qsizetype close = m_raw.indexOf('}', m_pos);
        const qsizetype newline = close < 0 ? -1 : m_raw.indexOf('\n', close);
        if (close < 0 || newline < 0) {
            error = tr("a literal is not announced properly");
            return false;
        }
        const qint64 size = announcedLiteral(m_raw.sliced(m_pos, close + 1 - m_pos));
        if (size < 0 || newline + 1 + size > m_raw.size()) {
            error = tr("a literal is cut short");
            return false;
        }
        *text = m_raw.sliced(newline + 1, size).toByteArray();
        m_pos = newline + 1 + size;
        return true;
    }

    QByteArrayView m_raw;
    qsizetype m_pos = 0;
    int m_maxNesting;
};

} // namespace

ImapParser::Status ImapParser::fail(const QString &error, QByteArrayView line)
{
    m_error
        = tr("%1 in the server's response \"%2\"").arg(error, QString::fromLatin1(printable(line)));
    m_buffer.clear();
    m_lineStart = 0;
    m_literalLeft = 0;
    return Status::Error;
}

ImapParser::Status ImapParser::next(ImapResponse *response)
{
    if (!m_error.isEmpty())
        return Status::Error;
    while (true) {
        if (m_literalLeft > 0) {
            if (m_buffer.size() - m_lineStart < m_literalLeft)
                return Status::NeedMore;
            m_lineStart += m_literalLeft;
            m_literalLeft = 0;
        }
        const qsizetype newline = m_buffer.indexOf('\n', m_lineStart);
        if (newline < 0) {
            if (m_buffer.size() - m_lineStart > m_limits.maxLineBytes)
                return fail(tr("a line longer than %1 bytes").arg(m_limits.maxLineBytes),
                    QByteArrayView(m_buffer).sliced(m_lineStart));
            return Status::NeedMore;
        }
        QByteArrayView line = QByteArrayView(m_buffer).sliced(m_lineStart, newline - m_lineStart);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > m_limits.maxLineBytes)
            return fail(tr("a line longer than %1 bytes").arg(m_limits.maxLineBytes), line);
        const qint64 literal = announcedLiteral(line);
        if (literal == -2 || literal > m_limits.maxLiteralBytes)
            return fail(
                tr("a literal over the limit of %1 bytes").arg(m_limits.maxLiteralBytes), line);
        if (newline + 1 + qMax<qint64>(literal, 0) > m_limits.maxResponseBytes)
            return fail(
                tr("a response over the limit of %1 bytes").arg(m_limits.maxResponseBytes), line);
        m_lineStart = newline + 1;
        if (literal >= 0) {
            m_literalLeft = literal;
            // Reserve once: a large message then arrives without repeated reallocation.
            if (m_buffer.capacity() < m_lineStart + literal)
                m_buffer.reserve(m_lineStart + literal + 4096);
            continue;
        }
        const QByteArray raw = m_buffer.first(m_lineStart);
        m_buffer.remove(0, m_lineStart);
        m_lineStart = 0;
        *response = ImapResponse();
        if (!parseResponse(raw, response))
            return fail(m_error, raw);
        return Status::Response;
    }
}

bool ImapParser::parseResponse(QByteArrayView raw, ImapResponse *response)
{
    Tokenizer tokenizer(raw, m_limits.maxNesting);
    const qsizetype end = raw.indexOf('\n');
    response->firstLine = printable(end < 0 ? raw : raw.first(end).trimmed());
    const QByteArray tag = tokenizer.atom();
    tokenizer.skipSpaces();
    if (tag == "+") {
        response->kind = ImapResponse::Kind::Continuation;
        response->text = tokenizer.rest();
        return true;
    }
    if (tag.isEmpty()) {
        m_error = tr("a response without a tag");
        return false;
    }
    const bool untagged = tag == "*";
    response->kind = untagged ? ImapResponse::Kind::Untagged : ImapResponse::Kind::Tagged;
    if (!untagged)
        response->tag = tag;
    QByteArray word = tokenizer.atom().toUpper();
    bool isNumber = false;
    const qint64 number = word.toLongLong(&isNumber);
    if (untagged && isNumber) {
        response->number = number;
        tokenizer.skipSpaces();
        word = tokenizer.atom().toUpper();
    }
    static const QByteArray statuses[] = { "OK", "NO", "BAD", "BYE", "PREAUTH" };
    const bool isStatus
        = std::find(std::begin(statuses), std::end(statuses), word) != std::end(statuses);
    if (!untagged && (!isStatus || word == "BYE" || word == "PREAUTH")) {
        m_error = tr("a tagged response that is neither OK, NO nor BAD");
        return false;
    }
    if (word.isEmpty()) {
        m_error = tr("an untagged response without a name");
        return false;
    }
    if (isStatus && response->number < 0) {
        response->status = word;
        tokenizer.responseText(response);
        return true;
    }
    response->name = word;
    if (!tokenizer.tokens(&response->data, 0, false)) {
        m_error = tokenizer.error;
        return false;
    }
    return true;
}
