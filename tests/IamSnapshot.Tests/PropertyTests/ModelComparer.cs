using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace IamSnapshot.Tests.PropertyTests;

/// <summary>
/// Compares two object graphs member by member (public instance properties, collections in order), ignoring any
/// Equals override: the model's records compare ImmutableArray by reference and its policy types compare by meaning,
/// neither of which is what "the same model" means here. Much faster than a general equivalency assertion.
/// </summary>
internal static class ModelComparer
{
    /// <summary>The path of the first difference, or null when the graphs are the same.</summary>
    public static string? FirstDifference(object? expected, object? actual, string path = "$", int depth = 0)
    {
        if (depth > 32)
        {
            return path + ": too deep (a cycle?)";
        }

        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: type {expected.GetType().Name} vs {actual.GetType().Name}";
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTime or DateTimeOffset or DateOnly or TimeSpan or ITuple)
        {
            return expected.Equals(actual) && (expected is not DateTimeOffset d || d.Offset == ((DateTimeOffset)actual).Offset)
                ? null
                : $"{path}: {Show(expected)} vs {Show(actual)}";
        }

        if (expected is IEnumerable items)
        {
            var left = items.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                return $"{path}: {left.Count} items vs {right.Count}";
            }

            for (var i = 0; i < left.Count; i++)
            {
                if (FirstDifference(left[i], right[i], $"{path}[{i}]", depth + 1) is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            if (FirstDifference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", depth + 1) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
