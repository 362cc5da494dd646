<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Создать</translation>
    </message>
    <message>
        <source>Start a new program</source>
        <translation>Начать новую программу</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>Открыть документ</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Сохранить &amp;как…</translation>
    </message>
    <message>
        <source>Save the document under a new name</source>
        <translation>Сохранить документ под другим именем</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>Закрыть окно</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>Отменить последнее изменение</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Redo the edit just undone</source>
        <translation>Вернуть только что отменённое изменение</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Увеличить</translation>
    </message>
    <message>
        <source>Enlarge the graph</source>
        <translation>Увеличить граф</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>У&amp;меньшить</translation>
    </message>
    <message>
        <source>Shrink the graph</source>
        <translation>Уменьшить граф</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>По размеру &amp;окна</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>Показать граф целиком</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Исходный размер</translation>
    </message>
    <message>
        <source>Zoom to 100 %</source>
        <translation>Масштаб 100 %</translation>
    </message>
    <message>
        <source>Show &amp;Neurons</source>
        <translation>Показать &amp;нейроны</translation>
    </message>
    <message>
        <source>Expand the network&apos;s layers into their neurons (same weights)</source>
        <translation>Развернуть слои сети в отдельные нейроны (веса те же)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>В&amp;оспроизведение</translation>
    </message>
    <message>
        <source>Play or pause the steps</source>
        <translation>Запустить или приостановить показ шагов</translation>
    </message>
    <message>
        <source>Step &amp;Back</source>
        <translation>Шаг &amp;назад</translation>
    </message>
    <message>
        <source>Undo one step</source>
        <translation>Вернуться на шаг назад</translation>
    </message>
    <message>
        <source>Step &amp;Forward</source>
        <translation>Шаг &amp;вперёд</translation>
    </message>
    <message>
        <source>Do the next step</source>
        <translation>Сделать следующий шаг</translation>
    </message>
    <message>
        <source>To &amp;Start</source>
        <translation>В &amp;начало</translation>
    </message>
    <message>
        <source>Back to the leaves</source>
        <translation>Вернуться к листьям графа</translation>
    </message>
    <message>
        <source>To &amp;End</source>
        <translation>В &amp;конец</translation>
    </message>
    <message>
        <source>Show the finished run</source>
        <translation>Показать результат всех шагов</translation>
    </message>
    <message>
        <source>Start of &amp;Backward Pass</source>
        <translation>Начало &amp;обратного прохода</translation>
    </message>
    <message>
        <source>Jump to the moment the backward pass begins</source>
        <translation>Перейти к началу обратного прохода</translation>
    </message>
    <message>
        <source>⇤ Backward pass</source>
        <translation>⇤ Обратный проход</translation>
    </message>
    <message>
        <source>&amp;About Backprop Studio</source>
        <translation>&amp;О программе Backprop Studio</translation>
    </message>
    <message>
        <source>What this program shows</source>
        <translation>Что показывает эта программа</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Predict Before You See</source>
        <translation>&amp;Предсказать, потом увидеть</translation>
    </message>
    <message>
        <source>Stop before each number and type your prediction; the run keeps a score</source>
        <translation>Останавливаться перед каждым новым числом, чтобы вы ввели свой ответ; верные ответы засчитываются</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Предсказание</translation>
    </message>
    <message>
        <source>&amp;Quiz…</source>
        <translation>&amp;Опрос…</translation>
    </message>
    <message>
        <source>The lecture&apos;s gradient-descent question, then questions about this graph</source>
        <translation>Вопрос из лекции о градиентном спуске, затем вопросы об этом графе</translation>
    </message>
    <message>
        <source>&amp;Gradient Check…</source>
        <translation>&amp;Проверка градиентов…</translation>
    </message>
    <message>
        <source>Backprop&apos;s gradient of every leaf next to a finite-difference estimate</source>
        <translation>Градиент каждого листа, найденный обратным распространением ошибки, рядом с оценкой по конечным разностям</translation>
    </message>
    <message>
        <source>&amp;Naive Versus Backprop…</source>
        <translation>&amp;Все пути или обратное распространение…</translation>
    </message>
    <message>
        <source>What expanding every path costs against backprop, as layers are added</source>
        <translation>Сколько стоит расписать все пути по сравнению с обратным распространением ошибки и как это растёт с числом слоёв</translation>
    </message>
    <message>
        <source>&amp;Batch Accumulation…</source>
        <translation>&amp;Накопление по батчу…</translation>
    </message>
    <message>
        <source>Each sample&apos;s gradient, their mean, then the gradient-descent update</source>
        <translation>Градиент на каждом объекте, их среднее, затем шаг градиентного спуска</translation>
    </message>
    <message>
        <source>Training &amp;Lab</source>
        <translation>&amp;Лаборатория обучения</translation>
    </message>
    <message>
        <source>Train the graph on data and watch gradient descent</source>
        <translation>Обучить граф на данных и посмотреть, как идёт градиентный спуск</translation>
    </message>
    <message>
        <source>&amp;Train / Pause</source>
        <translation>&amp;Обучить / пауза</translation>
    </message>
    <message>
        <source>Start training, or pause it</source>
        <translation>Запустить обучение или приостановить его</translation>
    </message>
    <message>
        <source>One &amp;Update, Step by Step</source>
        <translation>Один &amp;шаг обучения подробно</translation>
    </message>
    <message>
        <source>Record the next update and play it: forward, backward, w ← w − η·∂Q/∂w</source>
        <translation>Записать следующий шаг обучения и показать его: прямой проход, обратный проход, w ← w − η·∂Q/∂w</translation>
    </message>
    <message>
        <source>One &amp;Epoch</source>
        <translation>Одна &amp;эпоха</translation>
    </message>
    <message>
        <source>Train one epoch</source>
        <translation>Обучить одну эпоху</translation>
    </message>
    <message>
        <source>&amp;Reset Training</source>
        <translation>&amp;Сбросить обучение</translation>
    </message>
    <message>
        <source>Back to epoch 0 with the document&apos;s weights</source>
        <translation>Вернуться к эпохе 0 с весами из документа</translation>
    </message>
    <message>
        <source>New &amp;Network…</source>
        <translation>Новая &amp;сеть…</translation>
    </message>
    <message>
        <source>A fully connected network for the 2-D data sets</source>
        <translation>Полносвязная сеть для двумерных наборов данных</translation>
    </message>
    <message>
        <source>&amp;Activation Explorer</source>
        <translation>&amp;Функции активации</translation>
    </message>
    <message>
        <source>Plot any activation f and its derivative f′</source>
        <translation>Построить график любой функции активации f и её производной f′</translation>
    </message>
    <message>
        <source>Export View as &amp;PNG…</source>
        <translation>Экспорт вида в &amp;PNG…</translation>
    </message>
    <message>
        <source>Save the graph as shown, as a picture at a chosen size</source>
        <translation>Сохранить граф, как он показан, картинкой выбранного размера</translation>
    </message>
    <message>
        <source>Export View as &amp;SVG…</source>
        <translation>Экспорт вида в &amp;SVG…</translation>
    </message>
    <message>
        <source>Save the graph as shown, as a scalable drawing</source>
        <translation>Сохранить граф, как он показан, векторным рисунком</translation>
    </message>
    <message>
        <source>Export Slides as P&amp;DF…</source>
        <translation>Экспорт слайдов в P&amp;DF…</translation>
    </message>
    <message>
        <source>A 16:9 deck: a title page, then the graph and explanation of every step</source>
        <translation>Слайды 16:9: титульная страница, затем граф и объяснение каждого шага</translation>
    </message>
    <message>
        <source>Export Slides as PNG &amp;Folder…</source>
        <translation>Экспорт слайдов в &amp;папку PNG…</translation>
    </message>
    <message>
        <source>The same deck as numbered pictures, for any slide tool</source>
        <translation>Те же слайды пронумерованными картинками — для любой программы показа</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>Режим &amp;презентации</translation>
    </message>
    <message>
        <source>Full screen for a projector: big text, only the graph and the explanation; PageDown/→/Space/click step, PageUp/← back, Esc leaves</source>
        <translation>Полный экран для проектора: крупный текст, только граф и объяснение; PageDown/→/Space/щелчок — шаг, PageUp/← — назад, Esc — выход</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Презентация</translation>
    </message>
    <message>
        <source>Show the interface and the explanations in this language</source>
        <translation>Показывать интерфейс и объяснения на этом языке</translation>
    </message>
    <message>
        <source>P&amp;yTorch Script…</source>
        <translation>Скрипт P&amp;yTorch…</translation>
    </message>
    <message>
        <source>&amp;ONNX Model…</source>
        <translation>Модель &amp;ONNX…</translation>
    </message>
    <message>
        <source>A Python script with the same network in PyTorch, the current weights and a forward and backward pass that prints every gradient</source>
        <translation>Скрипт на Python с той же сетью в PyTorch, текущими весами и прямым и обратным проходом, который печатает все градиенты</translation>
    </message>
    <message>
        <source>&amp;Animation…</source>
        <translation>&amp;Анимация…</translation>
    </message>
    <message>
        <source>The played steps as an animated GIF or an MP4 video, tokens moving</source>
        <translation>Проигранные шаги анимированным GIF или видео MP4: точки бегут по рёбрам</translation>
    </message>
    <message>
        <source>The graph as an .onnx file, for Netron, PyTorch and other frameworks</source>
        <translation>Граф в виде файла .onnx — для Netron, PyTorch и других фреймворков</translation>
    </message>
    <message>
        <source>&amp;Find Node…</source>
        <translation>&amp;Найти узел…</translation>
    </message>
    <message>
        <source>Find a node by its name or formula (w11 finds w₁₁)</source>
        <translation>Найти узел по имени или формуле (w11 находит w₁₁)</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>Найти &amp;следующий</translation>
    </message>
    <message>
        <source>Go to the next node that matches</source>
        <translation>Перейти к следующему подходящему узлу</translation>
    </message>
    <message>
        <source>Find &amp;Previous</source>
        <translation>Найти &amp;предыдущий</translation>
    </message>
    <message>
        <source>Go to the previous node that matches</source>
        <translation>Перейти к предыдущему подходящему узлу</translation>
    </message>
    <message>
        <source>&amp;Legend</source>
        <translation>&amp;Условные обозначения</translation>
    </message>
    <message>
        <source>What the colours, lines, shapes and dots of the graph mean</source>
        <translation>Что означают цвета, линии, формы и точки на графе</translation>
    </message>
    <message>
        <source>&amp;Worksheet…</source>
        <translation>&amp;Рабочий лист…</translation>
    </message>
    <message>
        <source>A PDF for the class: the graph with numbered blanks for the values or gradients, then an answer key</source>
        <translation>PDF для класса: граф с пронумерованными пропусками для значений или градиентов, затем страница с ответами</translation>
    </message>
</context>
<context>
    <name>ActivationExplorer</name>
    <message>
        <source>activation f</source>
        <translation>функция активации f</translation>
    </message>
    <message>
        <source>parameter</source>
        <translation>параметр</translation>
    </message>
    <message>
        <source>f′(z) = 0 at every z: every gradient that passes through this activation is multiplied by 0, so no weight before it ever changes. Gradient descent cannot train a network of step units.</source>
        <translation>f′(z) = 0 при любом z: каждый градиент, проходящий через эту функцию активации, умножается на 0, поэтому веса перед ней никогда не меняются. Градиентным спуском сеть из ступенек не обучить.</translation>
    </message>
    <message>
        <source>largest |f′| on the plot: {value} at z = {z}</source>
        <translation>наибольшая |f′| на графике: {value} при z = {z}</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>--fps {fps}: give a frame rate from {low} to {high}</source>
        <translation>--fps {fps}: укажите частоту кадров от {low} до {high}</translation>
    </message>
    <message>
        <source>--speed {speed}: give steps per second from {low} to {high}</source>
        <translation>--speed {speed}: укажите число шагов в секунду от {low} до {high}</translation>
    </message>
    <message>
        <source>there are no steps to play</source>
        <translation>нет шагов для показа</translation>
    </message>
    <message>
        <source>before step 1 of {n}</source>
        <translation>перед шагом 1 из {n}</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>Градиентный спуск</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Прямой проход</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>Обратный проход</translation>
    </message>
    <message>
        <source>{phase} · step {k} of {n}</source>
        <translation>{phase} · шаг {k} из {n}</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export Animation</source>
        <translation>Экспорт анимации</translation>
    </message>
    <message>
        <source>Animated GIF (slides, web pages)</source>
        <translation>Анимированный GIF (слайды, веб-страницы)</translation>
    </message>
    <message>
        <source>MP4 video (H.264)</source>
        <translation>Видео MP4 (H.264)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <source>Pass:</source>
        <translation>Проход:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Шаги:</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> кадров/с</translation>
    </message>
    <message>
        <source>Frame rate:</source>
        <translation>Частота кадров:</translation>
    </message>
    <message>
        <source>Frame size:</source>
        <translation>Размер кадра:</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> шагов/с</translation>
    </message>
    <message>
        <source>How fast the steps follow each other (the player&apos;s speed)</source>
        <translation>Как быстро сменяются шаги (скорость проигрывателя)</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Скорость:</translation>
    </message>
    <message>
        <source>Recording the animation…</source>
        <translation>Запись анимации…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Wrote {path} ({frames} frames, {seconds} s)</source>
        <translation>Записано: {path} (кадров: {frames}, {seconds} с)</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>Batch Accumulation</source>
        <translation>Накопление градиента по батчу</translation>
    </message>
    <message>
        <source>Step size &amp;η:</source>
        <translation>Размер &amp;шага η:</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>sample %1</source>
        <translation>объект %1</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>среднее</translation>
    </message>
    <message>
        <source>∂Q/∂w on the batch</source>
        <translation>∂Q/∂w по батчу</translation>
    </message>
    <message>
        <source>The data on screen is a single sample, so its gradient is the whole story. Open an example with several samples (XOR, paired regression, the Lego networks) to see a batch add up.</source>
        <translation>На экране данные из одного объекта, так что его градиент — это и есть весь градиент. Откройте пример с несколькими объектами (XOR, парная регрессия, сети-«лего»), чтобы увидеть, как складывается батч.</translation>
    </message>
    <message numerus="yes">
        <source>%n samples. Each column on the left is one sample&apos;s gradient ∂Lᵢ/∂w (the engine run on that sample alone); </source>
        <translation>
            <numerusform>%n объект. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
            <numerusform>%n объекта. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
            <numerusform>%n объектов. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
        </translation>
    </message>
    <message>
        <source>their mean is the batch gradient ∂Q/∂w, because Q is the mean of the samples&apos; losses; gradient descent then steps w − η·∂Q/∂w.</source>
        <translation>их среднее и есть градиент по батчу ∂Q/∂w, потому что Q — среднее потерь на объектах; затем градиентный спуск делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message>
        <source>here Q adds the samples&apos; losses, so the batch gradient is their sum, not their mean; gradient descent then steps w − η·∂Q/∂w.</source>
        <translation>здесь Q — сумма потерь на объектах, поэтому градиент по батчу равен сумме градиентов, а не их среднему; затем градиентный спуск делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message>
        <source>here Q does not split into one loss per sample, so the batch gradient is not their mean; gradient descent still steps w − η·∂Q/∂w.</source>
        <translation>здесь Q не раскладывается на потери отдельных объектов, поэтому градиент по батчу не равен их среднему; градиентный спуск всё равно делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n parameters are listed.</source>
        <translation>
            <numerusform>Показан только первый %n параметр.</numerusform>
            <numerusform>Показаны только первые %n параметра.</numerusform>
            <numerusform>Показаны только первые %n параметров.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CostView</name>
    <message>
        <source>Naive Versus Backprop</source>
        <translation>Все пути или обратное распространение</translation>
    </message>
    <message>
        <source>&amp;Neurons per hidden layer:</source>
        <translation>&amp;Нейронов в скрытом слое:</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>Скрытых слоёв</translation>
    </message>
    <message>
        <source>Paths</source>
        <translation>Путей</translation>
    </message>
    <message>
        <source>Expanding every path</source>
        <translation>Расписать все пути</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>Обратное распространение</translation>
    </message>
    <message>
        <source>Expanding every path multiplies the local derivatives along each path from each leaf to the output, again and again for the same edges. Backprop multiplies once per edge (upstream × local) and reuses every partial derivative it has computed.</source>
        <translation>Если расписать все пути, локальные производные перемножаются вдоль каждого пути от каждого листа к выходу — снова и снова для одних и тех же рёбер. Обратное распространение ошибки умножает по одному разу на ребро (градиент сверху × локальная производная) и переиспользует каждую уже вычисленную частную производную.</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The graph on screen.&lt;/b&gt; Writing out the chain rule for every leaf: %1 paths, &lt;b&gt;%2&lt;/b&gt; multiplications. Backprop: &lt;b&gt;%3&lt;/b&gt; multiplications, one per edge.</source>
        <translation>&lt;b&gt;Граф на экране.&lt;/b&gt; Если расписать цепное правило для каждого листа: путей — %1, умножений — &lt;b&gt;%2&lt;/b&gt;. Обратное распространение: умножений — &lt;b&gt;%3&lt;/b&gt;, по одному на ребро.</translation>
    </message>
    <message>
        <source>Multiplications for every leaf&apos;s gradient</source>
        <translation>Умножений, чтобы найти градиенты всех листьев</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>скрытых слоёв</translation>
    </message>
    <message>
        <source>multiplications (log scale)</source>
        <translation>умножений (логарифмическая шкала)</translation>
    </message>
    <message>
        <source>expanding every path</source>
        <translation>расписать все пути</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>обратное распространение</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Explanation</source>
        <translation>Объяснение</translation>
    </message>
    <message>
        <source>Program editor</source>
        <translation>Редактор программы</translation>
    </message>
    <message>
        <source>Node inspector</source>
        <translation>Сведения об узле</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Предсказание</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Обучение</translation>
    </message>
    <message>
        <source>Training plots</source>
        <translation>Графики обучения</translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>untitled</source>
        <translation>без имени</translation>
    </message>
    <message>
        <source>Edit program</source>
        <translation>правка программы</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>Значение %1</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>перемещение %1</translation>
    </message>
    <message>
        <source>Show neurons</source>
        <translation>показ нейронов</translation>
    </message>
    <message>
        <source>Show layers</source>
        <translation>показ слоёв</translation>
    </message>
    <message numerus="yes">
        <source>%n leaves</source>
        <translation>
            <numerusform>%n лист</numerusform>
            <numerusform>%n листа</numerusform>
            <numerusform>%n листьев</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operations</source>
        <translation>
            <numerusform>%n операция</numerusform>
            <numerusform>%n операции</numerusform>
            <numerusform>%n операций</numerusform>
        </translation>
    </message>
    <message>
        <source>output %1</source>
        <translation>выход %1</translation>
    </message>
    <message numerus="yes">
        <source>%n steps</source>
        <translation>
            <numerusform>%n шаг</numerusform>
            <numerusform>%n шага</numerusform>
            <numerusform>%n шагов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorNotice</name>
    <message>
        <source>the graph</source>
        <translation>граф</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>Внутренняя ошибка</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Подробности</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>&amp;Копировать отчёт</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Something went wrong in %1. Your document is safe.</source>
        <translation>Что-то пошло не так в «%1». Ваш документ в сохранности.</translation>
    </message>
    <message numerus="yes">
        <source>%n different internal errors so far; Details lists each.</source>
        <translation>
            <numerusform>Уже %n внутренняя ошибка; в «Подробностях» каждая.</numerusform>
            <numerusform>Уже %n разные внутренние ошибки; в «Подробностях» каждая.</numerusform>
            <numerusform>Уже %n разных внутренних ошибок; в «Подробностях» каждая.</numerusform>
        </translation>
    </message>
    <message>
        <source>The window goes on working.</source>
        <translation>Окно продолжает работать.</translation>
    </message>
    <message numerus="yes">
        <source>It happened %n times.</source>
        <translation>
            <numerusform>Это случилось %n раз.</numerusform>
            <numerusform>Это случилось %n раза.</numerusform>
            <numerusform>Это случилось %n раз.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>No graph</source>
        <translation>Графа нет</translation>
    </message>
    <message>
        <source>Type a program in the editor or open an example.</source>
        <translation>Наберите программу в редакторе или откройте пример.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Backward pass</source>
        <translation>Обратный проход</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>Прямой проход</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>Градиентный спуск</translation>
    </message>
    <message>
        <source>step {k} of {n}</source>
        <translation>шаг {k} из {n}</translation>
    </message>
    <message>
        <source>steps {a}–{b} of {n}</source>
        <translation>шаги {a}–{b} из {n}</translation>
    </message>
    <message>
        <source>The whole graph</source>
        <translation>Весь граф</translation>
    </message>
    <message>
        <source>before step 1 of {n}</source>
        <translation>перед шагом 1 из {n}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Every value and gradient</source>
        <translation>Все значения и градиенты</translation>
    </message>
    <message>
        <source>after step {k} of {n}</source>
        <translation>после шага {k} из {n}</translation>
    </message>
    <message>
        <source>Finished run</source>
        <translation>Итог прогона</translation>
    </message>
    <message>
        <source>The update: every parameter against its gradient</source>
        <translation>Обновление: каждый параметр против его градиента</translation>
    </message>
    <message>
        <source>Backward: back through {names}</source>
        <translation>Обратный проход: назад через {names}</translation>
    </message>
    <message>
        <source>Forward: {names}</source>
        <translation>Прямой проход: {names}</translation>
    </message>
    <message>
        <source>{steps} steps: {forward} forward, {backward} backward · output {output} = {value}</source>
        <translation>шагов: {steps} (прямой проход — {forward}, обратный — {backward}) · выход {output} = {value}</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Значения</translation>
    </message>
    <message>
        <source>layers: {sizes}</source>
        <translation>слои: {sizes}</translation>
    </message>
    <message>
        <source>activation: {name}</source>
        <translation>активация: {name}</translation>
    </message>
    <message>
        <source>output: {name}</source>
        <translation>выход: {name}</translation>
    </message>
    <message>
        <source>loss: {name}</source>
        <translation>потери: {name}</translation>
    </message>
    <message>
        <source>samples: {n}</source>
        <translation>объектов: {n}</translation>
    </message>
    <message>
        <source>drawn as: {how}</source>
        <translation>показана как: {how}</translation>
    </message>
    <message>
        <source>neurons</source>
        <translation>нейроны</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>слои</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Программа</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>Граф</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… и ещё {n}</translation>
    </message>
    <message>
        <source>Check one entry: {text}</source>
        <translation>Проверьте один элемент: {text}</translation>
    </message>
    <message>
        <source>Add up one column: {text}</source>
        <translation>Сложите один столбец: {text}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export View as PNG</source>
        <translation>Экспорт вида в PNG</translation>
    </message>
    <message>
        <source>Export View as SVG</source>
        <translation>Экспорт вида в SVG</translation>
    </message>
    <message>
        <source>What the window shows</source>
        <translation>То, что видно в окне</translation>
    </message>
    <message>
        <source>The whole graph</source>
        <translation>Весь граф</translation>
    </message>
    <message>
        <source>Picture:</source>
        <translation>Картинка:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Разрешение:</translation>
    </message>
    <message>
        <source>{w} × {h} pixels</source>
        <translation>{w} × {h} пикселей</translation>
    </message>
    <message>
        <source>Export Slides as PDF</source>
        <translation>Экспорт слайдов в PDF</translation>
    </message>
    <message>
        <source>Export Slides as PNG Folder</source>
        <translation>Экспорт слайдов в папку PNG</translation>
    </message>
    <message>
        <source>Forward and backward pass</source>
        <translation>Прямой и обратный проход</translation>
    </message>
    <message>
        <source>Forward pass only</source>
        <translation>Только прямой проход</translation>
    </message>
    <message>
        <source>Backward pass only</source>
        <translation>Только обратный проход</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Шаги:</translation>
    </message>
    <message>
        <source>One page per layer (shorter deck)</source>
        <translation>Одна страница на слой (слайдов меньше)</translation>
    </message>
    <message>
        <source>Consecutive steps of one layer share a page, which lists all their equations</source>
        <translation>Идущие подряд шаги одного слоя делят страницу, на ней перечислены все их уравнения</translation>
    </message>
    <message>
        <source>Title page with the program and its values</source>
        <translation>Титульная страница с программой и её значениями</translation>
    </message>
    <message>
        <source>Readable: zoom to the step when the graph is large</source>
        <translation>Читаемо: приближать к шагу, если граф большой</translation>
    </message>
    <message>
        <source>Always the whole graph</source>
        <translation>Всегда весь граф</translation>
    </message>
    <message>
        <source>Graph:</source>
        <translation>Граф:</translation>
    </message>
    <message>
        <source>Slide size:</source>
        <translation>Размер слайда:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Экспортировать</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>Экспорт отменён; ничего не записано</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Не удалось экспортировать</translation>
    </message>
    <message>
        <source>Wrote {path} ({w} × {h})</source>
        <translation>Записано: {path} ({w} × {h})</translation>
    </message>
    <message>
        <source>Exporting slides…</source>
        <translation>Экспорт слайдов…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Wrote {path} ({n} pages)</source>
        <translation>Записано: {path} (страниц: {n})</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>Картинки PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>Рисунки SVG (*.svg)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Animated GIF pictures (*.gif)</source>
        <translation>Анимированные картинки GIF (*.gif)</translation>
    </message>
    <message>
        <source>MP4 videos (*.mp4)</source>
        <translation>Видео MP4 (*.mp4)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Folder for the slides</source>
        <translation>Папка для слайдов</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>Записан файл {path}</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Скрипты Python (*.py)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>Модели ONNX (*.onnx)</translation>
    </message>
</context>
<context>
    <name>FileDrop</name>
    <message>
        <source>Cannot open the file</source>
        <translation>Не удалось открыть файл</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Открыто: %1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Find a node: name or formula (w11, x1, σ)</source>
        <translation>Найти узел: имя или формула (w11, x1, σ)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>Не найдено</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
</context>
<context>
    <name>GradCheckView</name>
    <message>
        <source>Gradient Check</source>
        <translation>Проверка градиентов</translation>
    </message>
    <message>
        <source>Each leaf is nudged by ±h and the objective computed again: (L(x+h) − L(x−h)) / 2h estimates ∂L/∂x without backprop. Relative difference = |backprop − estimate| / max(|backprop|, |estimate|).</source>
        <translation>Каждый лист сдвигается на ±h, и целевая функция вычисляется заново: (L(x+h) − L(x−h)) / 2h оценивает ∂L/∂x без обратного распространения. Относительная разница = |g − оценка| / max(|g|, |оценка|), где g — градиент, найденный обратным распространением.</translation>
    </message>
    <message>
        <source>Leaf</source>
        <translation>Лист</translation>
    </message>
    <message>
        <source>Backprop ∂%1/∂x</source>
        <translation>Обратное распространение: ∂%1/∂x</translation>
    </message>
    <message>
        <source>Finite difference</source>
        <translation>Конечная разность</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Разница</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Относительная</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>Совпадает</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>This graph has no leaves to check.</source>
        <translation>В этом графе нет листьев для проверки.</translation>
    </message>
    <message numerus="yes">
        <source>Every gradient agrees with its finite-difference estimate (%n check(s))</source>
        <translation>
            <numerusform>%n градиент совпадает с оценкой по конечным разностям</numerusform>
            <numerusform>Все %n градиента совпадают с оценкой по конечным разностям</numerusform>
            <numerusform>Все %n градиентов совпадают с оценкой по конечным разностям</numerusform>
        </translation>
    </message>
    <message>
        <source>(h = %1).</source>
        <translation>(h = %1).</translation>
    </message>
    <message numerus="yes">
        <source>%n gradient(s) disagree with the finite-difference estimate</source>
        <translation>
            <numerusform>%n градиент не совпадает с оценкой по конечным разностям</numerusform>
            <numerusform>%n градиента не совпадают с оценкой по конечным разностям</numerusform>
            <numerusform>%n градиентов не совпадают с оценкой по конечным разностям</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorText</name>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>градиент</translation>
    </message>
    <message>
        <source>none: the output does not depend on it</source>
        <translation>нет: выход от него не зависит</translation>
    </message>
    <message>
        <source>Local derivatives</source>
        <translation>Локальные производные</translation>
    </message>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Цепное правило: %n путь</numerusform>
            <numerusform>Цепное правило: %n пути</numerusform>
            <numerusform>Цепное правило: %n путей</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is the sum, over every path from %2 to the output, of the product of the local derivatives along it:</source>
        <translation>%1 — это сумма по всем путям из %2 к выходу произведений локальных производных вдоль пути:</translation>
    </message>
    <message>
        <source>This is the output: the backward pass starts here with ∂%1/∂%1 = 1, with no path to expand and nothing to multiply.</source>
        <translation>Это выход: обратный проход начинается здесь с ∂%1/∂%1 = 1; путей для раскрытия нет, умножать нечего.</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n paths are listed.</source>
        <translation>
            <numerusform>Показан только первый %n путь.</numerusform>
            <numerusform>Показаны только первые %n пути.</numerusform>
            <numerusform>Показаны только первые %n путей.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cost.&lt;/b&gt; Expanding every path: %1 multiplications. Backprop: %2 (one upstream × local per edge, each partial derivative computed once and reused).</source>
        <translation>&lt;b&gt;Стоимость.&lt;/b&gt; Если расписать все пути, умножений — %1. Обратное распространение: %2 (одно умножение «градиент сверху × локальная производная» на ребро; каждая частная производная вычисляется один раз и переиспользуется).</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Обучение</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Обучение</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Функции активации</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Save the plots shown as PNG or SVG</source>
        <translation>Сохранить показанные графики в PNG или SVG</translation>
    </message>
    <message>
        <source>Still training on: {data}</source>
        <translation>Обучение продолжается на прежних данных: {data}</translation>
    </message>
    <message>
        <source>Training on {data}</source>
        <translation>Данные для обучения: {data}</translation>
    </message>
    <message>
        <source>: {n} to train, {k} held out</source>
        <translation>; для обучения {n}, отложено {k}</translation>
    </message>
    <message>
        <source>Save the document (Ctrl+S) to get a command line that trains it</source>
        <translation>Сохраните документ (Ctrl+S), чтобы получить командную строку, которая его обучает</translation>
    </message>
    <message>
        <source>Columns {names} feed the inputs of the same names. The graph shows the document&apos;s own sample(s) with the current weights.</source>
        <translation>Столбцы {names} подаются на одноимённые входы. Граф показывает собственные данные документа с текущими весами.</translation>
    </message>
    <message>
        <source>Settings apply from the next epoch.</source>
        <translation>Настройки действуют со следующей эпохи.</translation>
    </message>
    <message>
        <source>Using the document&apos;s own values instead.</source>
        <translation>Вместо этого используются значения из документа.</translation>
    </message>
    <message>
        <source>The document changed: training starts again from its values.</source>
        <translation>Документ изменился: обучение начинается заново с его значений.</translation>
    </message>
    <message>
        <source>Training… the graph shows the current weights (edge width and colour) on the document&apos;s sample(s). Pause at any moment; One update shows the next step.</source>
        <translation>Идёт обучение… граф показывает текущие веса (толщина и цвет рёбер) на данных документа. Поставьте на паузу в любой момент; «Один шаг обучения» покажет следующий шаг.</translation>
    </message>
    <message>
        <source>Epoch {n} done: one pass over the training data.</source>
        <translation>Эпоха {n} пройдена: один проход по обучающим данным.</translation>
    </message>
    <message>
        <source>Step through it with → (Space plays): the forward pass, the backward pass, then w ← w − η·∂L/∂w for each parameter at the end, with this sample&apos;s own loss L (End jumps there).</source>
        <translation>Пройдите его клавишей → (Пробел — воспроизведение): прямой проход, обратный проход, а в конце w ← w − η·∂L/∂w для каждого параметра, где L — функция потерь только этого объекта (End — сразу туда).</translation>
    </message>
    <message>
        <source>Step through it with → (Space plays): the forward pass, the backward pass, then w ← w − η·∂Q/∂w for each parameter at the end (End jumps there).</source>
        <translation>Пройдите его клавишей → (Пробел — воспроизведение): прямой проход, обратный проход, а в конце w ← w − η·∂Q/∂w для каждого параметра (End — сразу туда).</translation>
    </message>
    <message>
        <source>Back to epoch 0.</source>
        <translation>Снова эпоха 0.</translation>
    </message>
    <message>
        <source>Keep weights of epoch {n}</source>
        <translation>запись весов эпохи {n}</translation>
    </message>
    <message>
        <source>The document now holds the weights of epoch {n} (Undo takes them back).</source>
        <translation>Теперь в документе веса эпохи {n} (Отменить вернёт прежние).</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Данные для обучения</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Export plots</source>
        <translation>Экспорт графиков</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>Картинка PNG (*.png);;Рисунок SVG (*.svg)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Сохранено: {path}</translation>
    </message>
    <message>
        <source>Training… this graph is large to redraw, so it shows the new weights when you pause; the plots follow live.</source>
        <translation>Идёт обучение… этот граф долго перерисовывать, поэтому новые веса на нём появятся на паузе; графики обновляются сразу.</translation>
    </message>
    <message>
        <source>Stopped: {message}</source>
        <translation>Остановлено: {message}</translation>
    </message>
    <message>
        <source>Paused at epoch {n}. Train goes on exactly from here.</source>
        <translation>Пауза на эпохе {n}. «Обучить» продолжит ровно с этого места.</translation>
    </message>
    <message>
        <source>Predict mode: the loss and the weights appear at the end of the run.</source>
        <translation>Режим предсказания: функция потерь и веса появятся в конце прохода.</translation>
    </message>
    <message>
        <source>epoch {n}</source>
        <translation>эпоха {n}</translation>
    </message>
    <message>
        <source>   ({rate} epochs/s)</source>
        <translation>   ({rate} эпох/с)</translation>
    </message>
    <message>
        <source>Q train {value}</source>
        <translation>Q на обучении {value}</translation>
    </message>
    <message>
        <source>   held out {value}</source>
        <translation>   на отложенных {value}</translation>
    </message>
    <message>
        <source>accuracy {value} %</source>
        <translation>точность {value} %</translation>
    </message>
    <message>
        <source>   held out {value} %</source>
        <translation>   на отложенных {value} %</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Не удалось экспортировать</translation>
    </message>
    <message>
        <source>{sizes} network</source>
        <translation>сеть {sizes}</translation>
    </message>
    <message>
        <source>{path} changed since the document was saved: the run may differ.</source>
        <translation>{path} изменился после сохранения документа: обучение может пойти иначе.</translation>
    </message>
    <message>
        <source>Change features or penalty</source>
        <translation>Изменить признаки или штраф</translation>
    </message>
</context>
<context>
    <name>LabControls</name>
    <message>
        <source>Run buttons and status</source>
        <translation>Кнопки запуска и состояние</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>Источник данных</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Число объектов</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Шум</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Начальное значение (seed)</translation>
    </message>
    <message>
        <source>Held out</source>
        <translation>Отложенная доля</translation>
    </message>
    <message>
        <source>New network… and Show Neurons</source>
        <translation>«Новая сеть…» и «Показать нейроны»</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Признаки</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>Шаг обучения η</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Размер батча</translation>
    </message>
    <message>
        <source>Momentum μ</source>
        <translation>Инерция μ</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Скорость</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>Регуляризация</translation>
    </message>
    <message>
        <source>Stopping rules</source>
        <translation>Правила остановки</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Командная строка</translation>
    </message>
</context>
<context>
    <name>LabPlots</name>
    <message>
        <source>held-out Q stopped falling</source>
        <translation>Q на отложенных перестала убывать</translation>
    </message>
    <message>
        <source>max epochs</source>
        <translation>максимум эпох</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>расходится</translation>
    </message>
    <message>
        <source>Loss Q per epoch</source>
        <translation>Функция потерь Q по эпохам</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>эпоха</translation>
    </message>
    <message>
        <source>train</source>
        <translation>обучение</translation>
    </message>
    <message>
        <source>held out</source>
        <translation>отложено</translation>
    </message>
    <message>
        <source>stopped at epoch {epoch}: {reason}</source>
        <translation>остановка на эпохе {epoch}: {reason}</translation>
    </message>
    <message>
        <source>The fit</source>
        <translation>Аппроксимация</translation>
    </message>
    <message>
        <source>Fit: {text}</source>
        <translation>Аппроксимация: {text}</translation>
    </message>
    <message>
        <source>Q({a}, {b}) and the descent path</source>
        <translation>Q({a}, {b}) и путь спуска</translation>
    </message>
    <message>
        <source>start</source>
        <translation>начало</translation>
    </message>
    <message>
        <source>now</source>
        <translation>сейчас</translation>
    </message>
    <message>
        <source>path</source>
        <translation>путь</translation>
    </message>
    <message>
        <source>{prediction} over the plane&lt;br&gt;&lt;span style=&apos;font-size:9pt&apos;&gt;orange 0 · blue 1 · ● train ◆ held out&lt;/span&gt;</source>
        <translation>{prediction} на плоскости&lt;br&gt;&lt;span style=&apos;font-size:9pt&apos;&gt;оранжевый 0 · синий 1 · ● обучение ◆ отложенные&lt;/span&gt;</translation>
    </message>
    <message>
        <source>hidden neurons</source>
        <translation>скрытые нейроны</translation>
    </message>
    <message>
        <source>Open the lab on a document that can be trained.</source>
        <translation>Откройте лабораторию на документе, который можно обучать.</translation>
    </message>
    <message>
        <source>pⱼ·hⱼ(x), one per hidden neuron</source>
        <translation>pⱼ·hⱼ(x), по одной на скрытый нейрон</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>Показать тестовые данные</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>Дискретный выход</translation>
    </message>
    <message>
        <source>Colour each point of the plane by its class only</source>
        <translation>Закрашивать каждую точку плоскости только цветом её класса</translation>
    </message>
</context>
<context>
    <name>LabSession</name>
    <message>
        <source>the document&apos;s {n} sample</source>
        <translation>значения документа (объектов: {n})</translation>
    </message>
    <message>
        <source>the document&apos;s {n} samples</source>
        <translation>значения документа (объектов: {n})</translation>
    </message>
    <message>
        <source>{summary}, {n} samples</source>
        <translation>{summary}, объектов: {n}</translation>
    </message>
    <message>
        <source>the run diverged: Reset, then try a smaller learning rate η</source>
        <translation>обучение разошлось: нажмите «Сбросить» и попробуйте шаг обучения η поменьше</translation>
    </message>
    <message>
        <source>epoch {n} reached the maximum: raise “at most … epochs”</source>
        <translation>эпоха {n} — максимальная: увеличьте «не больше … эпох»</translation>
    </message>
    <message>
        <source>epoch {epoch}: one update on the whole batch ({samples})</source>
        <translation>эпоха {epoch}: один шаг по всему батчу ({samples})</translation>
    </message>
    <message>
        <source>epoch {epoch}: {made} mini-batch updates; showing the last</source>
        <translation>эпоха {epoch}: шагов по мини-батчам — {made}; показан последний</translation>
    </message>
    <message>
        <source>choose a sample from 1 to {n}</source>
        <translation>выберите объект от 1 до {n}</translation>
    </message>
    <message>
        <source>sample {k} of {n} alone, at epoch {epoch} (shown only: training averages over the batch)</source>
        <translation>только объект {k} из {n}, эпоха {epoch} (только для показа: обучение усредняет по батчу)</translation>
    </message>
    <message>
        <source>choose a CSV file first</source>
        <translation>сначала выберите файл CSV</translation>
    </message>
    <message>
        <source>{source} ({n} rows, {delimiter})</source>
        <translation>{source} (строк: {n}, {delimiter})</translation>
    </message>
    <message>
        <source>training has stopped ({reason}); Reset to start again</source>
        <translation>обучение остановлено ({reason}); нажмите «Сбросить», чтобы начать заново</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
</context>
<context>
    <name>LegendDialog</name>
    <message>
        <source>Legend</source>
        <translation>Условные обозначения</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fill colour&lt;/b&gt;: the sign and size of a value. &lt;span style=&apos;color:#542788&apos;&gt;Purple&lt;/span&gt;: positive, &lt;span style=&apos;color:#b35806&apos;&gt;orange&lt;/span&gt;: negative, near white: close to zero; stronger colour means a larger number. The gradient tag under a node is coloured the same way by ∂loss/∂node.</source>
        <translation>&lt;b&gt;Цвет заливки&lt;/b&gt; — знак и величина значения. &lt;span style=&apos;color:#542788&apos;&gt;Фиолетовый&lt;/span&gt; — положительное, &lt;span style=&apos;color:#b35806&apos;&gt;оранжевый&lt;/span&gt; — отрицательное, почти белый — близкое к нулю; чем насыщеннее цвет, тем больше число. Ярлык градиента под узлом окрашен так же — по ∂loss/∂узел.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shapes and outlines&lt;/b&gt;: an ellipse is an operation; a rectangle an input; a pill with a thick outline a trainable parameter (a weight); a dotted outline a constant; a small faded number is written in the formula itself.</source>
        <translation>&lt;b&gt;Формы и контуры&lt;/b&gt;: эллипс — операция; прямоугольник — вход; «таблетка» с толстым контуром — обучаемый параметр (вес); пунктирный контур — константа; маленькое бледное число записано прямо в формуле.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Yellow halo&lt;/b&gt;: what the current step is about: a strong halo and a thick outline on the node it computes, a light halo on the nodes it reads. A red outline and ⚠ mark the first NaN or ∞.</source>
        <translation>&lt;b&gt;Жёлтый ореол&lt;/b&gt; показывает, о чём текущий шаг: яркий ореол и толстый контур — у узла, который он вычисляет, светлый ореол — у узлов, которые он читает. Красный контур и ⚠ отмечают первое NaN или ∞.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edges from a weight&lt;/b&gt;: the thickness is the size of the weight (thicker: larger |w|), the colour its sign; a &lt;b&gt;dashed&lt;/b&gt; edge is a negative weight. Thin grey edges carry a value that has no weight.</source>
        <translation>&lt;b&gt;Рёбра от веса&lt;/b&gt;: толщина — величина веса (толще — больше |w|), цвет — его знак; &lt;b&gt;штриховое&lt;/b&gt; ребро — отрицательный вес. Тонкие серые рёбра передают значение без веса.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edge labels&lt;/b&gt; in the backward pass: the current edge shows upstream × local derivative = its contribution to the gradient; an edge already passed keeps its local derivative (×0.5).</source>
        <translation>&lt;b&gt;Подписи рёбер&lt;/b&gt; при обратном проходе: на текущем ребре — входящий градиент × локальная производная = вклад в градиент; пройденное ребро сохраняет свою локальную производную (×0.5).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dots&lt;/b&gt; travel along the edges while a step is animated: a value forward (left to right), a contribution to a gradient backward (right to left).</source>
        <translation>&lt;b&gt;Точки&lt;/b&gt; бегут по рёбрам, пока шаг анимируется: значение — вперёд (слева направо), вклад в градиент — назад (справа налево).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Backprop Studio documents (*.json *.bps);;All files (*)</source>
        <translation>Документы Backprop Studio (*.json *.bps);;Все файлы (*)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Backprop Studio&lt;/h3&gt;
&lt;p&gt;Watch a neural network compute. Any formula or network becomes a graph of operations; the
forward pass computes every node&apos;s value, and the backward pass sends the gradient back along
every edge: &lt;b&gt;upstream gradient × local derivative = contribution&lt;/b&gt;, summed where paths
meet.&lt;/p&gt;
&lt;p&gt;It accompanies lecture 10, &lt;i&gt;Neural network basics&lt;/i&gt;: the neuron a(x) = Σ w&lt;sub&gt;j&lt;/sub&gt;
x&lt;sub&gt;j&lt;/sub&gt;, fully connected layers, why a non-linearity is needed, activation functions and
their derivatives, gradient descent w&lt;sup&gt;t&lt;/sup&gt; = w&lt;sup&gt;t−1&lt;/sup&gt; − η∇Q(w&lt;sup&gt;t−1&lt;/sup&gt;), and
backpropagation on the graph x → z → h → a with the lecture&apos;s notation (x, w, b, z, h, a, p, v,
f, Q, η, ε). Backpropagation computes each partial derivative once and reuses it: select a node
to see its chain rule over every path and what expanding every path would cost.&lt;/p&gt;
&lt;p&gt;Keys: Space play/pause · ← → step · Home/End start/end · B start of the backward pass.&lt;/p&gt;
</source>
        <translation>&lt;h3&gt;Backprop Studio&lt;/h3&gt;
&lt;p&gt;Посмотрите, как считает нейронная сеть. Любая формула или сеть становится графом
вычислений: прямой проход вычисляет значение каждого узла, а обратный проход отправляет градиент
назад по каждому ребру: &lt;b&gt;градиент сверху × локальная производная = вклад&lt;/b&gt;; где пути
сходятся, вклады складываются.&lt;/p&gt;
&lt;p&gt;Программа сопровождает занятие 10 &lt;i&gt;«Основы нейронных сетей»&lt;/i&gt;: нейрон a(x) = Σ
w&lt;sub&gt;j&lt;/sub&gt; x&lt;sub&gt;j&lt;/sub&gt;, полносвязные слои, зачем нужна нелинейность, функции активации и их
производные, градиентный спуск w&lt;sup&gt;t&lt;/sup&gt; = w&lt;sup&gt;t−1&lt;/sup&gt; − η∇Q(w&lt;sup&gt;t−1&lt;/sup&gt;) и метод
обратного распространения ошибки на графе x → z → h → a в обозначениях лекции (x, w, b, z, h, a,
p, v, f, Q, η, ε). Метод обратного распространения ошибки вычисляет каждую частную производную один раз и переиспользует её:
выберите узел, чтобы увидеть цепное правило по всем путям и сколько стоило бы расписать их
все.&lt;/p&gt;
&lt;p&gt;Клавиши: Пробел — пуск/пауза · ← → — шаг · Home/End — в начало/в конец · B — начало
обратного прохода.&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>Панель «%1»</translation>
    </message>
    <message>
        <source>Show or hide the panel “%1”</source>
        <translation>Показать или скрыть панель «%1»</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Основная панель</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Недавние</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>Па&amp;нели</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>В&amp;оспроизведение</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>П&amp;римеры</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>New program: type it in the program editor.</source>
        <translation>Новая программа: наберите её в редакторе программы.</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>Не удалось открыть файл</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Открыто: %1</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>Не удалось открыть пример</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>Не удалось сохранить</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>That number is written in the program: edit it in the editor.</source>
        <translation>Это число записано в самой программе: измените его в редакторе.</translation>
    </message>
    <message>
        <source>“%1” has unsaved changes. Save them?</source>
        <translation>В «%1» есть несохранённые изменения. Сохранить их?</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>Открыть документ</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>Backprop Studio did not close properly last time. Recover the unsaved document %1?</source>
        <translation>В прошлый раз Backprop Studio закрылась некорректно. Восстановить несохранённый документ %1?</translation>
    </message>
    <message>
        <source>Backprop Studio crashed last time (%2). Recover the unsaved document %1?

What it was doing is written in %3.</source>
        <translation>В прошлый раз Backprop Studio аварийно завершилась (%2). Восстановить несохранённый документ %1?

Что она делала в тот момент, записано в %3.</translation>
    </message>
    <message>
        <source>Backprop Studio crashed last time (%1). Nothing unsaved was lost.

What it was doing is written in %2.</source>
        <translation>В прошлый раз Backprop Studio аварийно завершилась (%1). Несохранённых изменений не было.

Что она делала в тот момент, записано в %2.</translation>
    </message>
    <message>
        <source>About Backprop Studio</source>
        <translation>О программе Backprop Studio</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>Не удалось восстановить</translation>
    </message>
    <message>
        <source>Recovered the unsaved document. Save it to keep it.</source>
        <translation>Несохранённый документ восстановлен. Сохраните его, чтобы не потерять.</translation>
    </message>
    <message>
        <source>✗ %1 (the graph shows the last program that worked)</source>
        <translation>✗ %1 (на графе — последняя программа, которая работала)</translation>
    </message>
    <message>
        <source>Cannot show this</source>
        <translation>Не удалось это показать</translation>
    </message>
    <message>
        <source>Set on the graph, not in the text: %1</source>
        <translation>Задано на графе, а не в тексте: %1</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Отменить: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Повторить: %1</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(недавних файлов нет)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Очистить список</translation>
    </message>
    <message>
        <source>Examples are missing</source>
        <translation>Примеры не найдены</translation>
    </message>
    <message>
        <source>A %1 network built from its spec; the editor is for programs.</source>
        <translation>Сеть %1, построенная по описанию; редактор — для программ.</translation>
    </message>
    <message>
        <source>sizes:</source>
        <translation>размеры:</translation>
    </message>
    <message>
        <source>activation:</source>
        <translation>активация:</translation>
    </message>
    <message>
        <source>output:</source>
        <translation>выход:</translation>
    </message>
    <message>
        <source>loss:</source>
        <translation>потери:</translation>
    </message>
    <message>
        <source>granularity:</source>
        <translation>детализация:</translation>
    </message>
    <message>
        <source>samples:</source>
        <translation>объектов:</translation>
    </message>
    <message>
        <source># This document is a network built from its spec (not a program):</source>
        <translation># Этот документ — сеть, построенная по описанию (а не программа):</translation>
    </message>
    <message>
        <source># Double-click a leaf to change a value; View → Show Neurons expands the layers.</source>
        <translation># Двойной щелчок по листу меняет его значение; Вид → Показать нейроны разворачивает слои.</translation>
    </message>
    <message>
        <source>Backprop Studio documents and ONNX models (*.json *.bps *.onnx);;Backprop Studio documents (*.json *.bps);;ONNX models (*.onnx);;All files (*)</source>
        <translation>Документы Backprop Studio и модели ONNX (*.json *.bps *.onnx);;Документы Backprop Studio (*.json *.bps);;Модели ONNX (*.onnx);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>NetworkDialog</name>
    <message>
        <source>New network</source>
        <translation>Новая сеть</translation>
    </message>
    <message>
        <source>layer sizes</source>
        <translation>размеры слоёв</translation>
    </message>
    <message>
        <source>hidden activation f</source>
        <translation>активация скрытых слоёв f</translation>
    </message>
    <message>
        <source>sigmoid → binary cross-entropy; identity → squared error</source>
        <translation>sigmoid → бинарная кросс-энтропия; identity → квадратичная ошибка</translation>
    </message>
    <message>
        <source>output</source>
        <translation>выход</translation>
    </message>
    <message>
        <source>layer: one node per layer operation (fast); View → Show Neurons draws each neuron</source>
        <translation>слоями: один узел на операцию слоя (быстро); Вид → Показать нейроны рисует каждый нейрон</translation>
    </message>
    <message>
        <source>draw</source>
        <translation>показывать</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>seed</translation>
    </message>
    <message>
        <source>neuron by neuron</source>
        <translation>по нейронам</translation>
    </message>
    <message>
        <source>layer by layer (matrices)</source>
        <translation>по слоям (матрицами)</translation>
    </message>
    <message>
        <source>sizes: write whole numbers joined by &apos;-&apos;, e.g. 2-8-8-1 (got {got})</source>
        <translation>размеры: целые числа через «-», например 2-8-8-1 (введено {got})</translation>
    </message>
    <message>
        <source>sizes: give at least the inputs and the outputs, e.g. 2-8-8-1</source>
        <translation>размеры: укажите хотя бы число входов и выходов, например 2-8-8-1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>L1: λ·Σ|w|</source>
        <translation>L1: λ·Σ|w|</translation>
    </message>
    <message>
        <source>L2: λ·Σw²</source>
        <translation>L2: λ·Σw²</translation>
    </message>
    <message>
        <source>Feature inputs computed from x1 and x2 (as in TensorFlow Playground): nodes of the graph, so the gradient runs through them; the first size is their number</source>
        <translation>Входные признаки, вычисленные из x1 и x2 (как в TensorFlow Playground): это узлы графа, и градиент проходит через них; первый размер — их число</translation>
    </message>
    <message>
        <source>A penalty on the weights (not the biases) added to the loss: Q = loss + penalty</source>
        <translation>Штраф на веса (не на смещения), прибавляемый к функции потерь: Q = loss + штраф</translation>
    </message>
    <message>
        <source>λ, the regularisation rate</source>
        <translation>λ — коэффициент регуляризации</translation>
    </message>
    <message>
        <source>features</source>
        <translation>признаки</translation>
    </message>
    <message>
        <source>regularisation</source>
        <translation>регуляризация</translation>
    </message>
    <message>
        <source>rate λ</source>
        <translation>коэффициент λ</translation>
    </message>
</context>
<context>
    <name>NodeInspector</name>
    <message>
        <source>Click a node in the graph to see its formula, value, gradient, local derivatives and the chain rule over every path to the output.</source>
        <translation>Щёлкните по узлу графа, чтобы увидеть его формулу, значение, градиент, локальные производные и цепное правило по всем путям к выходу.</translation>
    </message>
</context>
<context>
    <name>OnnxDialog</name>
    <message>
        <source>none: the objective is the output</source>
        <translation>нет: целевая функция — выход</translation>
    </message>
    <message>
        <source>mse: mean squared error</source>
        <translation>mse: среднеквадратичная ошибка</translation>
    </message>
    <message>
        <source>bce: binary cross-entropy (probabilities)</source>
        <translation>bce: бинарная кросс-энтропия (вероятности)</translation>
    </message>
    <message>
        <source>softmax_ce: cross-entropy of the softmax (logits)</source>
        <translation>softmax_ce: кросс-энтропия softmax (логиты)</translation>
    </message>
    <message>
        <source>Open ONNX Model: %1</source>
        <translation>Открыть модель ONNX: %1</translation>
    </message>
    <message>
        <source>Give the model&apos;s inputs a sample and, if you like, a loss on its output. Cancel opens it with the inputs at zeros and no loss.</source>
        <translation>Задайте входам модели пример и, если хотите, функцию потерь на её выходе. «Отмена» откроет модель с нулевыми входами и без функции потерь.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Пример</translation>
    </message>
    <message>
        <source>From a CSV file:</source>
        <translation>Из файла CSV:</translation>
    </message>
    <message>
        <source>The row&apos;s numbers fill the inputs in order; the numbers left over are the target</source>
        <translation>Числа строки по порядку заполняют входы; оставшиеся числа — цель</translation>
    </message>
    <message>
        <source>data.csv</source>
        <translation>данные.csv</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>row </source>
        <translation>строка </translation>
    </message>
    <message>
        <source>%1 numbers (%2): a list in that shape, or one number for all</source>
        <translation>Чисел: %1 (%2): список такой формы или одно число для всех</translation>
    </message>
    <message>
        <source>The model has no inputs.</source>
        <translation>У модели нет входов.</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Функция потерь</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>потери</translation>
    </message>
    <message>
        <source>target (%1)</source>
        <translation>цель (%1)</translation>
    </message>
    <message>
        <source>Without a loss the objective is the output %1 (its mean when it holds several numbers).</source>
        <translation>Без функции потерь целевая функция — выход %1 (его среднее, если в нём несколько чисел).</translation>
    </message>
    <message>
        <source>A class index (0 to %2), or one-hot numbers in the shape of the output %1.</source>
        <translation>Номер класса (от 0 до %2) или one-hot числа в форме выхода %1.</translation>
    </message>
    <message>
        <source>Numbers in the shape of the output %1, or one number for all.</source>
        <translation>Числа в форме выхода %1 или одно число для всех.</translation>
    </message>
    <message>
        <source>Opens as a fully connected network: View → Show Neurons draws every weight.</source>
        <translation>Откроется как полносвязная сеть: Вид → Показать нейроны рисует каждый вес.</translation>
    </message>
    <message>
        <source>Opens as a program: the network&apos;s own bce would need a sigmoid output.</source>
        <translation>Откроется как программа: собственной bce сети нужен выход с сигмоидой.</translation>
    </message>
    <message>
        <source>Opens as a program: softmax_ce reads the model&apos;s output as logits, as trace --loss does.</source>
        <translation>Откроется как программа: softmax_ce читает выход модели как логиты, как и trace --loss.</translation>
    </message>
    <message>
        <source>Numbers after the inputs: %1, the target when a loss is chosen.</source>
        <translation>Чисел после входов: %1; это цель, если выбрана функция потерь.</translation>
    </message>
    <message>
        <source>Opens as a program.</source>
        <translation>Откроется как программа.</translation>
    </message>
    <message>
        <source>bce reads probabilities, but %1 does not end in a sigmoid: values outside 0 to 1 are clipped.</source>
        <translation>bce читает вероятности, но %1 не заканчивается сигмоидой: значения вне отрезка от 0 до 1 обрезаются.</translation>
    </message>
    <message>
        <source>softmax_ce reads %1 as logits and takes their softmax, but %1 already is a softmax.</source>
        <translation>softmax_ce читает %1 как логиты и берёт от них softmax, но %1 уже результат softmax.</translation>
    </message>
    <message>
        <source>Sample from a CSV file</source>
        <translation>Пример из файла CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>Player</source>
        <translation>Проигрыватель</translation>
    </message>
    <message>
        <source>Playback speed in steps per second</source>
        <translation>Скорость показа, шагов в секунду</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 шаг/с</translation>
    </message>
    <message>
        <source>Drag to scrub through the steps</source>
        <translation>Перетащите, чтобы пролистать шаги</translation>
    </message>
    <message>
        <source>step %1 of %2 · %3</source>
        <translation>шаг %1 из %2 · %3</translation>
    </message>
    <message>
        <source>start</source>
        <translation>начало</translation>
    </message>
    <message>
        <source>done</source>
        <translation>готово</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>обратный проход</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>прямой проход</translation>
    </message>
    <message>
        <source>update</source>
        <translation>обновление</translation>
    </message>
    <message>
        <source>no steps</source>
        <translation>шагов нет</translation>
    </message>
</context>
<context>
    <name>PlotMenu</name>
    <message>
        <source>Show &amp;Everything</source>
        <translation>Показать &amp;всё</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
</context>
<context>
    <name>PredictInspector</name>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>градиент</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>ещё не вычислено</translation>
    </message>
    <message>
        <source>Local derivatives</source>
        <translation>Локальные производные</translation>
    </message>
    <message>
        <source>The numbers appear once the backward pass has finished this node.</source>
        <translation>Числа появятся, когда обратный проход закончит с этим узлом.</translation>
    </message>
    <message>
        <source>Predict mode: numbers the player has not reached are hidden.</source>
        <translation>Режим предсказания: числа, до которых проигрыватель ещё не дошёл, скрыты.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n terms so far</source>
        <translation>
            <numerusform>пока %1 из %n слагаемого</numerusform>
            <numerusform>пока %1 из %n слагаемых</numerusform>
            <numerusform>пока %1 из %n слагаемых</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Цепное правило: %n путь</numerusform>
            <numerusform>Цепное правило: %n пути</numerusform>
            <numerusform>Цепное правило: %n путей</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PredictMode</name>
    <message>
        <source>The run is finished.</source>
        <translation>Все шаги пройдены.</translation>
    </message>
    <message>
        <source>Nothing to predict in the next step: step forward (→).</source>
        <translation>В следующем шаге предсказывать нечего: идите дальше (→).</translation>
    </message>
    <message>
        <source>That is sample %1 of the %2 samples.</source>
        <translation>Это объект %1 из %2.</translation>
    </message>
    <message>
        <source>Not answered: it is %1.</source>
        <translation>Без ответа: правильно %1.</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>&amp;Tolerance ±</source>
        <translation>&amp;Допуск ±</translation>
    </message>
    <message>
        <source>An answer counts as right within this percentage of the true value</source>
        <translation>Ответ засчитывается, если отличается от верного не больше чем на столько процентов</translation>
    </message>
    <message>
        <source>Your answer, e.g. 0.25, −0,25 or 1/4</source>
        <translation>Ваш ответ, например 0.25, −0,25 или 1/4</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>Check the answer, then play the step (Enter)</source>
        <translation>Проверить ответ и показать шаг (Enter)</translation>
    </message>
    <message>
        <source>&amp;Hint</source>
        <translation>По&amp;дсказка</translation>
    </message>
    <message>
        <source>Show the formula without the number</source>
        <translation>Показать формулу без числа</translation>
    </message>
    <message>
        <source>Show &amp;Answer</source>
        <translation>Показать &amp;ответ</translation>
    </message>
    <message>
        <source>Play the step without answering (not scored)</source>
        <translation>Показать шаг, не отвечая (не засчитывается)</translation>
    </message>
    <message>
        <source>The step just played:</source>
        <translation>Только что показанный шаг:</translation>
    </message>
</context>
<context>
    <name>ProgramEditor</name>
    <message>
        <source>One assignment per line, e.g.</source>
        <translation>По одному присваиванию в строке, например:</translation>
    </message>
    <message>
        <source>(the graph shows the last program that worked)</source>
        <translation>(на графе — последняя программа, которая работала)</translation>
    </message>
</context>
<context>
    <name>QuizDialog</name>
    <message>
        <source>Quiz</source>
        <translation>Опрос</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>&amp;Next Question</source>
        <translation>&amp;Следующий вопрос</translation>
    </message>
    <message>
        <source>&amp;Start Over</source>
        <translation>&amp;Заново</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>✓ a right choice   ✗ a wrong choice   ○ a right answer you did not choose</source>
        <translation>✓ верный выбор   ✗ неверный выбор   ○ верный ответ, который вы не выбрали</translation>
    </message>
    <message>
        <source>Done: %1 of %2 right.</source>
        <translation>Готово: верно %1 из %2.</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Вопрос %1 из %2</translation>
    </message>
    <message>
        <source>Several answers may be right: tick every one.</source>
        <translation>Верных ответов может быть несколько: отметьте все.</translation>
    </message>
    <message>
        <source>Choose an answer first.</source>
        <translation>Сначала выберите ответ.</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>Верно.</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>Не совсем.</translation>
    </message>
    <message>
        <source>Score: %1 of %2</source>
        <translation>Счёт: %1 из %2</translation>
    </message>
</context>
<context>
    <name>StudyTools</name>
    <message>
        <source>&amp;Study</source>
        <translation>&amp;Самопроверка</translation>
    </message>
    <message>
        <source>Predict mode is on: this view would show numbers the player has not reached yet. They appear when the run has been played to the end, or when Predict is turned off.</source>
        <translation>Включён режим предсказания: это окно показало бы числа, до которых проигрыватель ещё не дошёл. Они появятся, когда проход будет проигран до конца или когда режим предсказания выключат.</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <source>this document&apos;s values</source>
        <translation>значения этого документа</translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation>Файл CSV…</translation>
    </message>
    <message>
        <source>Columns bind by name: a program&apos;s inputs take the columns of the same names; a network takes x1 … xn and y.</source>
        <translation>Столбцы связываются по имени: входы программы берут одноимённые столбцы; сеть берёт x1 … xn и y.</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>объектов</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>шум</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>seed</translation>
    </message>
    <message>
        <source>The share of samples held out: never trained on, used for the test loss</source>
        <translation>Доля отложенных объектов: на них не обучают, по ним считают ошибку на тесте</translation>
    </message>
    <message>
        <source>How many samples to generate</source>
        <translation>Сколько объектов сгенерировать</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>Seed of the generator, the split and the mini-batch shuffle</source>
        <translation>Начальное значение (seed) генератора данных, разбиения и перемешивания мини-батчей</translation>
    </message>
    <message>
        <source>held out</source>
        <translation>отложено</translation>
    </message>
    <message>
        <source>path/to/data.csv</source>
        <translation>путь/к/данным.csv</translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation>Выберите файл CSV</translation>
    </message>
    <message>
        <source>New network…</source>
        <translation>Новая сеть…</translation>
    </message>
    <message>
        <source>Build a fully connected network (like --mlp 2-8-8-1) to train on 2-D data</source>
        <translation>Построить полносвязную сеть (как --mlp 2-8-8-1) для обучения на двумерных данных</translation>
    </message>
    <message>
        <source>Gradient descent  w ← w − η·∇Q(w)</source>
        <translation>Градиентный спуск  w ← w − η·∇Q(w)</translation>
    </message>
    <message>
        <source>Samples per update; full batch makes one update per epoch (the lecture&apos;s GD)</source>
        <translation>Объектов на один шаг; полный батч — один шаг за эпоху (градиентный спуск из лекции)</translation>
    </message>
    <message>
        <source>μ: b ← μ·b + ∇Q, w ← w − η·b (0 is plain descent)</source>
        <translation>μ: b ← μ·b + ∇Q, w ← w − η·b (0 — обычный спуск)</translation>
    </message>
    <message>
        <source>Stop when</source>
        <translation>Остановиться, когда</translation>
    </message>
    <message>
        <source>‖wᵗ − wᵗ⁻¹‖ &lt; ε</source>
        <translation>‖wᵗ − wᵗ⁻¹‖ &lt; ε</translation>
    </message>
    <message>
        <source>‖∇Q(wᵗ)‖ &lt; ε</source>
        <translation>‖∇Q(wᵗ)‖ &lt; ε</translation>
    </message>
    <message>
        <source>Early stopping: needs held-out data; the best weights are restored</source>
        <translation>Ранняя остановка: нужны отложенные данные; восстанавливаются лучшие веса</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> эпох</translation>
    </message>
    <message>
        <source>The learning rate η: the size of each step</source>
        <translation>Шаг обучения η: размер каждого шага</translation>
    </message>
    <message>
        <source>full</source>
        <translation>полный</translation>
    </message>
    <message>
        <source>max</source>
        <translation>макс.</translation>
    </message>
    <message>
        <source>{n}/s</source>
        <translation>{n}/с</translation>
    </message>
    <message>
        <source>Epochs per second: slow down to watch the line and the descent path move</source>
        <translation>Эпох в секунду: замедлите, чтобы видеть, как движутся прямая и путь спуска</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>батч</translation>
    </message>
    <message>
        <source>μ</source>
        <translation>μ</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>скорость</translation>
    </message>
    <message>
        <source>held-out Q stops falling</source>
        <translation>Q на отложенных перестаёт убывать</translation>
    </message>
    <message>
        <source>for </source>
        <translation>в течение </translation>
    </message>
    <message>
        <source>or at most</source>
        <translation>или не больше</translation>
    </message>
    <message>
        <source>Same run in a terminal</source>
        <translation>То же обучение в терминале</translation>
    </message>
    <message>
        <source>backprop-studio train with these settings: the same data, split, initial weights and shuffling give the same numbers, epoch by epoch</source>
        <translation>backprop-studio train с этими настройками: те же данные, разбиение, начальные веса и перемешивание дают те же числа, эпоха за эпохой</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation>Скопировать командную строку в буфер обмена</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Обучить</translation>
    </message>
    <message>
        <source>Train until a stopping rule fires; press to pause</source>
        <translation>Обучать, пока не сработает правило остановки; нажмите, чтобы поставить на паузу</translation>
    </message>
    <message>
        <source>One update</source>
        <translation>Один шаг обучения</translation>
    </message>
    <message>
        <source>Make the next update with every step recorded, then play it in the graph: forward, backward, and w ← w − η·∂Q/∂w for each parameter</source>
        <translation>Сделать следующий шаг обучения, записав все вычисления, и показать его на графе: прямой проход, обратный и w ← w − η·∂Q/∂w для каждого параметра</translation>
    </message>
    <message>
        <source>One epoch</source>
        <translation>Одна эпоха</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Back to epoch 0 with the document&apos;s weights</source>
        <translation>Вернуться к эпохе 0 с весами из документа</translation>
    </message>
    <message>
        <source>Keep weights</source>
        <translation>Записать веса в документ</translation>
    </message>
    <message>
        <source>Write the trained weights into the document (one undoable edit)</source>
        <translation>Записать обученные веса в документ (одна правка, её можно отменить)</translation>
    </message>
    <message>
        <source>update = batch average</source>
        <translation>шаг = среднее по батчу</translation>
    </message>
    <message>
        <source>update = one sample</source>
        <translation>шаг = один объект</translation>
    </message>
    <message>
        <source>What One update shows. The batch average is the update training makes; one sample shows what that sample alone would do (not applied).</source>
        <translation>Что показывает «Один шаг обучения». Среднее по батчу — это шаг, который делает обучение; один объект показывает, что сделал бы только он (не применяется).</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>объект </translation>
    </message>
    <message>
        <source>Choose a CSV file (with a header row).</source>
        <translation>Выберите файл CSV (со строкой заголовков).</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>{name}: {summary}</source>
        <translation>{summary} ({name})</translation>
    </message>
    <message>
        <source>ε for the {rule} rule must be a number, got {got}</source>
        <translation>ε для критерия {rule} должно быть числом, получено {got}</translation>
    </message>
    <message>
        <source>ε for the {rule} rule must be finite</source>
        <translation>ε для критерия {rule} должно быть конечным числом</translation>
    </message>
    <message>
        <source>Controls shown ▾</source>
        <translation>Показанные элементы ▾</translation>
    </message>
    <message>
        <source>Classroom mode: hide any of the lab&apos;s controls; a saved document keeps this</source>
        <translation>Режим для занятия: скройте любые элементы управления лаборатории; сохранённый документ это запомнит</translation>
    </message>
    <message>
        <source>features</source>
        <translation>признаки</translation>
    </message>
    <message>
        <source>penalty</source>
        <translation>штраф</translation>
    </message>
    <message>
        <source>λ</source>
        <translation>λ</translation>
    </message>
    <message>
        <source>Choose at least one feature.</source>
        <translation>Выберите хотя бы один признак.</translation>
    </message>
</context>
<context>
    <name>ValueDialog</name>
    <message>
        <source>type a number</source>
        <translation>введите число</translation>
    </message>
    <message>
        <source>%1 is not a number</source>
        <translation>%1 — не число</translation>
    </message>
    <message>
        <source>type a list of numbers, e.g. [[1, 2], [3, 4]]</source>
        <translation>введите список чисел, например [[1, 2], [3, 4]]</translation>
    </message>
    <message>
        <source>every entry must be a number</source>
        <translation>каждый элемент должен быть числом</translation>
    </message>
    <message>
        <source>a single number</source>
        <translation>одно число</translation>
    </message>
    <message>
        <source>the value must be %1, not %2</source>
        <translation>нужен размер %1, а не %2</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>Значение %1</translation>
    </message>
    <message>
        <source>New value of &lt;b&gt;%1&lt;/b&gt; (now %2):</source>
        <translation>Новое значение &lt;b&gt;%1&lt;/b&gt; (сейчас %2):</translation>
    </message>
</context>
<context>
    <name>Worksheet</name>
    <message>
        <source>Worksheet: {title}</source>
        <translation>Рабочий лист: {title}</translation>
    </message>
    <message>
        <source>The leaves hold their values. Write each numbered value or gradient in its blank.</source>
        <translation>В листьях графа — их значения. Впишите каждое пронумерованное значение или градиент в его пропуск.</translation>
    </message>
    <message>
        <source>{number}. {label} = ________</source>
        <translation>{number}. {label} = ________</translation>
    </message>
    <message>
        <source>Answer key: {title}</source>
        <translation>Ответы: {title}</translation>
    </message>
    <message>
        <source>The numbers the engine computed, with the worksheet&apos;s numbering.</source>
        <translation>Числа, вычисленные программой, с нумерацией рабочего листа.</translation>
    </message>
    <message>
        <source>Each number is marked on the graph beside its node: values toward the top right, gradients toward the bottom right.</source>
        <translation>Каждый номер отмечен на графе рядом с узлом: значения — ближе к правому верхнему углу, градиенты — к правому нижнему.</translation>
    </message>
</context>
<context>
    <name>WorksheetDialog</name>
    <message>
        <source>Export Worksheet</source>
        <translation>Экспорт рабочего листа</translation>
    </message>
    <message>
        <source>Forward values and gradients</source>
        <translation>Значения прямого прохода и градиенты</translation>
    </message>
    <message>
        <source>Forward values only</source>
        <translation>Только значения прямого прохода</translation>
    </message>
    <message>
        <source>Gradients only (the backward pass)</source>
        <translation>Только градиенты (обратный проход)</translation>
    </message>
    <message>
        <source>Blanks:</source>
        <translation>Пропуски:</translation>
    </message>
    <message>
        <source>Numbered blanks: {count}, marked on the graph and listed on a page to write in; then an answer key.</source>
        <translation>Пронумерованных пропусков: {count}; они отмечены на графе и собраны на странице для ответов учеников, затем идут ответы.</translation>
    </message>
    <message>
        <source>Writing the worksheet…</source>
        <translation>Запись рабочего листа…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Wrote {path} ({n} pages: the sheet, the blanks, the answers)</source>
        <translation>Записан {path} ({n} стр.: лист, пропуски, ответы)</translation>
    </message>
</context>
</TS>
