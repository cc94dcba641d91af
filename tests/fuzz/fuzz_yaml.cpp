// YAML -> JSON -> YAML -> JSON must be stable: what we write reads back as the same JSON, and writing that again gives
// the same text. Any difference aborts, so libFuzzer keeps the input.
#include "client/document/yamlconverter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace binnacle;

namespace {

[[noreturn]] void mismatch(const char *what, const QJsonValue &first, const QByteArray &yaml)
{
    std::fprintf(stderr, "fuzz_yaml: %s\nJSON: %s\nYAML:\n%s\n", what,
                 QJsonDocument(QJsonArray {first}).toJson(QJsonDocument::Compact).constData(), yaml.constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const Result<YamlDocument> &document : YamlConverter::parseDocuments(input)) {
        if (!document.ok()) {
            (void)document.error().toString();
            continue;
        }
        const QByteArray written = YamlConverter::toYaml(document->value, document->keyOrder);
        const auto reread = YamlConverter::parseDocument(written);
        if (!reread.ok())
            mismatch(qPrintable(u"written YAML does not read back: "_qs + reread.error().toString()), document->value,
                     written);
        if (reread->value != document->value)
            mismatch("written YAML reads back as different JSON", document->value, written);
        if (YamlConverter::toYaml(reread->value, reread->keyOrder) != written)
            mismatch("writing the reread document gives different YAML", document->value, written);
        const QByteArray plain = YamlConverter::toYaml(document->value);
        const auto rereadPlain = YamlConverter::toJson(plain);
        if (!rereadPlain.ok() || rereadPlain.value() != document->value)
            mismatch("YAML written in conventional order reads back differently", document->value, plain);
    }
    return 0;
}
