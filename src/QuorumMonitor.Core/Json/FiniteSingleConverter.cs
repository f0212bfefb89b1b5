using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuorumMonitor.Core.Json;

/// <summary>The <see cref="float"/> twin of <see cref="FiniteDoubleConverter"/>: non-finite values are written as <c>null</c>.</summary>
public sealed class FiniteSingleConverter : JsonConverter<float>
{
    public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? reader.GetSingle()
            : throw new JsonException($"expected a number, got {reader.TokenType}");

    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
