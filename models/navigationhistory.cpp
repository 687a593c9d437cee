#include "navigationhistory.h"

void NavigationHistory::visit(const Place &place)
{
    if (place == m_current)
        return;
    if (m_current.page >= 0) {
        m_back.append(m_current);
        if (m_back.size() > MaxPlaces)
            m_back.removeFirst();
    }
    m_forward.clear();
    m_current = place;
    Q_EMIT changed();
}

void NavigationHistory::replace(const Place &place)
{
    m_current = place;
}

NavigationHistory::Place NavigationHistory::back()
{
    if (m_back.isEmpty())
        return {};
    m_forward.append(m_current);
    m_current = m_back.takeLast();
    Q_EMIT changed();
    return m_current;
}

NavigationHistory::Place NavigationHistory::forward()
{
    if (m_forward.isEmpty())
        return {};
    m_back.append(m_current);
    m_current = m_forward.takeLast();
    Q_EMIT changed();
    return m_current;
}
