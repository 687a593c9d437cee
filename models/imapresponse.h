#pragma once

#include <QByteArray>
#include <QList>

// One IMAP response as the server sent it, tokenised (RFC 9051 section 7). Data responses keep
// their tokens; status responses (OK, NO, BAD, BYE, PREAUTH) keep their response code and text.
// Literals arrive as strings: the parser has already checked their size against its limit.
struct ImapToken
{
    enum class Type
    {
        Atom, // also numbers and flags: 12, \Seen, BODY[]
        String, // quoted or literal
        Nil,
        List
    };
    Type type = Type::Atom;
    QByteArray text; // Atom and String
    QList<ImapToken> children; // List

    bool isAtom(const char *upper) const
    {
        return type == Type::Atom && text.compare(upper, Qt::CaseInsensitive) == 0;
    }
};

struct ImapResponse
{
    enum class Kind
    {
        Untagged, // "* ..."
        Tagged, // "A7 OK ..."
        Continuation // "+ ..."
    };
    Kind kind = Kind::Untagged;
    QByteArray tag; // Tagged only
    QByteArray status; // OK, NO, BAD, BYE, PREAUTH (upper case); empty for data responses
    QByteArray code; // the response code without brackets: "UIDVALIDITY 1700000000"
    QByteArray text; // the human-readable rest of a status response or continuation
    qint64 number = -1; // "* 12 EXISTS", "* 3 FETCH ..."
    QByteArray name; // data responses: EXISTS, FETCH, CAPABILITY, LIST, SEARCH ... (upper case)
    QList<ImapToken> data; // the tokens after the name
    QByteArray firstLine; // as received, cut to 200 bytes: for error messages

    // The value after `key` in a FETCH list ("UID", "BODY[]", "RFC822.SIZE"), or nullptr.
    const ImapToken *fetchItem(const char *key) const
    {
        if (data.isEmpty() || data.first().type != ImapToken::Type::List)
            return nullptr;
        const auto &items = data.first().children;
        for (qsizetype i = 0; i + 1 < items.size(); i += 2)
            if (items.at(i).isAtom(key))
                return &items.at(i + 1);
        return nullptr;
    }
};
