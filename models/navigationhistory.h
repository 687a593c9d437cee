#pragma once

#include <QList>
#include <QObject>
#include <QString>

// Back and Forward between the places a user visits, as in a browser: a page, and on it the
// source or the notice selected. Moving within a page updates the current place; changing page
// or following a link makes a new one.
class NavigationHistory : public QObject
{
    Q_OBJECT
public:
    struct Place
    {
        int page = -1;
        QString sourceIp; // on the Sources page
        qint64 mailRef = 0; // on the Bounces or Failure reports page

        bool operator==(const Place &other) const
        {
            return page == other.page && sourceIp == other.sourceIp && mailRef == other.mailRef;
        }
    };

    using QObject::QObject;

    void visit(const Place &place);
    void replace(const Place &place);
    // The place to restore, or page -1 when there is none.
    Place back();
    Place forward();
    bool canGoBack() const { return !m_back.isEmpty(); }
    bool canGoForward() const { return !m_forward.isEmpty(); }
    Place current() const { return m_current; }

Q_SIGNALS:
    void changed();

private:
    static constexpr qsizetype MaxPlaces = 100;
    QList<Place> m_back;
    QList<Place> m_forward;
    Place m_current;
};
