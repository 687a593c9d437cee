#pragma once

#include <QMetaType>
#include <QString>
#include <QVariant>

// Bind values for optional columns: empty fields and unknown times are stored as NULL, so
// "absent" and "empty" do not split groups and queries can test IS NULL.
namespace NullableValue {

inline QVariant text(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

inline QVariant time(qint64 seconds)
{
    return seconds == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(seconds);
}

} // namespace NullableValue
