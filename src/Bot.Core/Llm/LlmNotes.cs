namespace Bot.Core.Llm;

/// <summary>The short notes shown when the model's answer could not be given, in the asker's language.</summary>
public static class LlmNotes
{
    public static string ModelUnavailable(string language) => language == "vi"
        ? "(Mô hình ngôn ngữ đang không phản hồi, nên đây là phần trích trực tiếp từ kho kiến thức.)"
        : "(The language model is not responding right now, so this is a direct excerpt from the knowledge base.)";

    public static string ModelReplyUnusable(string language) => language == "vi"
        ? "(Câu trả lời của mô hình ngôn ngữ không dùng được, nên đây là phần trích trực tiếp từ kho kiến thức.)"
        : "(The language model's answer could not be used, so this is a direct excerpt from the knowledge base.)";
}
