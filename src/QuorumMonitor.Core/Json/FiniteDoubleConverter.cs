using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuorumMonitor.Core.Json;

/// <summary>
/// Writes NaN and ±Infinity as <c>null</c>: JSON has no such numbers, and the default writer throws on them, which would
/// turn one odd value from a target into a failed <c>check</c> or an HTTP 500 from the status API.
/// </summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? reader.GetDouble()
            : throw new JsonException($"expected a number, got {reader.TokenType}");

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
