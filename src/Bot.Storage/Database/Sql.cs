using System.Data;
using System.Data.Common;
using System.Text.Json;

namespace Bot.Storage.Database;

/// <summary>Small helpers over ADO.NET that both providers understand: <c>@name</c> parameters with explicit types.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, string text, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of this project; values travel as parameters.
        command.CommandText = text;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    /// <summary>Adds the parameter only when the statement uses it (a filter that was given).</summary>
    public static DbCommand WithIf(this DbCommand command, bool condition, string name, string? value) =>
        condition ? Add(command, name, DbType.String, value) : command;

    public static DbCommand With(this DbCommand command, string name, long value) => Add(command, name, DbType.Int64, value);

    public static DbCommand With(this DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

    public static DbCommand With(this DbCommand command, string name, byte[] value) => Add(command, name, DbType.Binary, value);

    public static DbCommand With(this DbCommand command, string name, DateTimeOffset value) => Add(command, name, DbType.Int64, value.UtcTicks);

    /// <summary>Times are stored as UTC ticks (100 ns units since 0001-01-01): exact round trips, portable, index-friendly.</summary>
    public static DateTimeOffset ToTime(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Lists of file paths are stored as a JSON array of strings.</summary>
    public static string ToJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> FromJson(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static DbCommand Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
