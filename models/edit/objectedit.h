#pragma once

#include "client/core/result.h"
#include "client/discovery/apiresource.h"
#include "models/details/secretmask.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace binnacle {

class YamlSections;

// The logic of editing one object, without widgets: the text the editor opens with, what the user's text means as
// an API object, and the requests that would carry the change. `base` is the object as the server returned it
// when the editor opened (or was last reloaded); every patch is computed against it.
//
// A Secret opens with its values decoded and masked (SecretMask) unless revealed; parse() encodes them back and
// puts every value still masked back as it was, so a masked value is never sent as its placeholder.
class ObjectEdit final
{
public:
    ObjectEdit(ApiResource resource, QJsonObject base);

    const ApiResource &resource() const { return m_resource; }
    const QJsonObject &base() const { return m_base; }
    QString baseResourceVersion() const;
    bool isSecret() const;

    // YAML of `base` in kubectl's field order (keys sorted, as `kubectl get -o yaml` prints them), with a
    // Secret's values decoded where `mask` reveals them and masked otherwise.
    QByteArray text(const SecretMask &mask = {}) const;

    struct Parsed
    {
        QJsonObject object; // the API form: a Secret's values encoded back, masked ones as they were in base
        // Non-empty when the text names another object than base: "kind: Deployment → StatefulSet",
        // "metadata.name: web → web2". Such a text cannot be applied as a patch of base.
        QStringList identityChanges;
    };
    // Errors carry the parser's message with 1-based line and column (Error::line(), Error::column()). Fast on a
    // large text that differs from the last one parsed by a few lines (see YamlSections); copies may parse on different
    // threads.
    Result<Parsed> parse(const QByteArray &text) const;

    // RFC 6902 operations from base to `edited`, starting with a test of base's resourceVersion, so the server
    // refuses the patch (422) if the object changed since base was read. Empty (not even the test) when nothing
    // changed.
    QJsonArray jsonPatch(const QJsonObject &edited) const;
    // RFC 7386 merge patch from base to `edited`, carrying base's resourceVersion (a stale one is a 409). Empty when
    // nothing changed.
    QJsonObject mergePatch(const QJsonObject &edited) const;
    // The body of a server-side apply: `edited` without server-owned fields (managedFields, resourceVersion, uid,
    // creationTimestamp, generation, status), as YAML.
    QByteArray applyConfiguration(const QJsonObject &edited) const;

private:
    ApiResource m_resource;
    QJsonObject m_base;
    // What the last texts parsed meant, entry by entry. Shared by copies (the editor hands copies to worker threads
    // for its checks), so it carries its own lock: one parse at a time uses it.
    struct SectionCache;
    std::shared_ptr<SectionCache> m_sections;
};

} // namespace binnacle
